// Screenshots of every page kind at 360 and 1280 px for docs/screenshots/ (the top 2000 px of
// each page, JPEG), of each chart kind for docs/charts.md, and the README's picture
// (docs/screenshot.png beside OUT_DIR): the top of the report of sch070102, a school whose newest
// year has a marker in the demo (the script fails if it has none).
// Usage: node screenshots.mjs SITE_DIR SUBSITE_DIR OUT_DIR
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [site, subsite, out] = process.argv.slice(2).map((p) => path.resolve(p));
fs.mkdirSync(path.join(out, "charts"), { recursive: true });
const first = (dir) => {
  const d = path.join(site, dir);
  const name = fs.existsSync(d) ? fs.readdirSync(d).sort()[0] : null;
  return name ? `${dir}/${name}/index.html` : null;
};
const region = first("region");
const kinds = {
  home: path.join(site, "index.html"),
  region: path.join(site, region),
  municipality: path.join(site, first("municipality")),
  school: path.join(site, "school/sch070102/index.html"),
  work: path.join(site, "school/sch070102/2023/oge-ma-9/index.html"),
  analysis: path.join(site, "school/sch070102/2023/vpr-ma-5/index.html"),
  "area-analysis": path.join(site, `${path.dirname(region)}/2023/vpr-ma-5/index.html`),
  spravka: path.join(site, "school/sch070102/spravka/2023/index.html"),
  plan: path.join(site, first("school/sch070102/plan")),
  "system-plan": path.join(site, first(`${path.dirname(region)}/plan`)),
  methodology: path.join(site, "methodology/index.html"),
  opendata: path.join(site, "opendata/index.html"),
  subsite: path.join(subsite, "school/sch070102/index.html"),
  embed: path.join(subsite, "school/sch070102/embed.html"),
};
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const width of [360, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const [kind, file] of Object.entries(kinds)) {
    await page.goto("file://" + file);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    // A school's «Анализ ВПР» from its heading on.
    const y = kind === "analysis" ? await page.$eval("#analysis-h", (h) => h.getBoundingClientRect().top + window.scrollY - 8) : 0;
    await page.screenshot({ path: path.join(out, `${kind}-${width}.jpg`), type: "jpeg", quality: 70, fullPage: true, clip: { x: 0, y, width, height: Math.min(height - y, 2000) } });
  }
  await page.close();
}
// One picture of each chart kind, at a phone's width.
const page = await browser.newPage({ viewport: { width: 360, height: 900 } });
const charts = [
  [kinds.region, "#index-by-year-cap", "columns"],
  [kinds.region, "#ranking-cap", "across"],
  [kinds.region, "#marker-counts-cap", "counts"],
  [kinds.region, "#mean-distribution-cap", "distribution"],
  [kinds.work, "#confirmation-cap", "confirmation"],
  [kinds.work, "#marks-0-cap", "marks"],
  [kinds.work, "#scores-0-cap", "histogram"],
  [kinds.work, "#tasks-0-cap", "tasks"],
];
for (const [file, caption, name] of charts) {
  await page.goto("file://" + file);
  await page.evaluate(() => document.querySelectorAll("details.tasks").forEach((d) => { d.open = true; }));
  const figure = await page.$(`${caption} >> xpath=..`);
  if (figure) await figure.screenshot({ path: path.join(out, "charts", `${name}.png`) });
  else console.log(`no ${caption} on ${file}`);
}
// The README's picture: the report opens with its markers and the measures that answer them.
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto("file://" + kinds.school);
  const markers = await page.$$eval("main .marker", (e) => e.length);
  if (markers === 0) throw new Error(`${kinds.school} shows no marker: pick a school the demo flags`);
  await page.screenshot({ path: path.join(path.dirname(out), "screenshot.png"), type: "png" });
  await page.close();
}
await browser.close();
