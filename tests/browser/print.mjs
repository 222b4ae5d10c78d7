// A director's справка printed to PDF by Chromium, for run.mjs: it must fit two A4 pages.
/** The number of pages Chromium prints `url` on (A4, the page's own print CSS). */
export async function printedPages(browser, url, pdfPath) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ path: pdfPath, format: "A4", preferCSSPageSize: true });
  await context.close();
  // Each page of the PDF is one object of type /Page (the tree above them is /Pages).
  const text = pdf.toString("latin1");
  return (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}
