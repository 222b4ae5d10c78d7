// Browser checks of a built oko site, in Debian's headless Chromium:
// - zero WCAG 2.1 AA violations (axe-core) on the key pages, at 360 px and 1280 px, light and dark;
// - no horizontal scroll at 360 px, nor with text at 200 % in a 1280 px window;
// - search finds a school by part of its name, from the header form and on the search page;
// - the HTML of those pages is valid (vnu-jar);
// - every chart's title comes before its drawing, and no chart text is under 12 px at 360 px
//   (computed font size × the drawing's scale, with every <details> opened);
// - at 360 px: every table wider than its box has a scroll cue and a fixed first column, and a
//   school's report shows its verdict in the first screen (phone.mjs);
// - a director's справка prints on at most two A4 pages (print.mjs);
// - no two texts of a chart overlap, at 360 and 1280 px (labels.mjs, with the browser's boxes);
// Screenshots go to tests/browser/screenshots/ for a person to look at.
// - with SUBSITE_DIR (a folder from `oko build --org`), its report and embed pass the same checks,
//   links that leave the folder are left out or text, and the embed is a card of at most
//   600 × 400 px that posts its height.
// Usage: node run.mjs SITE_DIR [SUBSITE_DIR]
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { uncutTables, verdictInFirstScreen } from "./phone.mjs";
import { printedPages } from "./print.mjs";
import { labelOverlaps } from "./labels.mjs";

const require = createRequire(import.meta.url);
const site = path.resolve(process.argv[2] || "../../site");
const subsite = process.argv[3] ? path.resolve(process.argv[3]) : null;
const here = path.dirname(new URL(import.meta.url).pathname);
const shots = path.join(here, "screenshots");
fs.mkdirSync(shots, { recursive: true });

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".csv": "text/csv; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain", ".svg": "image/svg+xml" };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const [rootDir, rel] = subsite && p.startsWith("/sub/") ? [subsite, p.slice(4)] : [site, p];
  let file = path.join(rootDir, rel);
  if (!file.startsWith(rootDir)) { res.writeHead(403); return res.end(); }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404, { "content-type": types[".html"] }); return res.end(fs.readFileSync(path.join(site, "404.html"))); }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

// The pages to check: fixed ones, and the first region, municipality, school and plan found.
function first(dir, pred = () => true) {
  const d = path.join(site, dir);
  if (!fs.existsSync(d)) return null;
  const name = fs.readdirSync(d).sort().find((n) => pred(path.join(d, n)));
  return name ? `${dir}/${name}/index.html` : null;
}
const school = fs.existsSync(path.join(site, "school/sch070102")) ? "school/sch070102/index.html" : first("school");
const planDir = school && path.join(site, path.dirname(school), "plan");
const plan = planDir && fs.existsSync(planDir) ? `${path.dirname(school)}/plan/${fs.readdirSync(planDir).sort()[0]}/index.html` : null;
const schoolDir = school && path.join(site, path.dirname(school));
const newest = (dir) => fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^\d{4}$/.test(n)).sort().pop() : null;
const workYear = schoolDir && newest(schoolDir);
const work = workYear ? `${path.dirname(school)}/${workYear}/${fs.readdirSync(path.join(schoolDir, workYear), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()[0]}/index.html` : null;
const spravkaYear = schoolDir && newest(path.join(schoolDir, "spravka"));
const spravka = spravkaYear ? `${path.dirname(school)}/spravka/${spravkaYear}/index.html` : null;
const regionPage = first("region");
const systemPlan = regionPage ? first(`${path.dirname(regionPage)}/plan`) : null;
const pages = ["index.html", regionPage, first("municipality"), school, work, spravka, plan, systemPlan, "methodology/index.html", "search/index.html", "opendata/index.html", "404.html"].filter(Boolean);
const subReport = subsite && fs.existsSync(path.join(subsite, "school")) ? `school/${fs.readdirSync(path.join(subsite, "school")).sort()[0]}` : null;
if (subReport) pages.push(`sub/${subReport}/index.html`, `sub/${subReport}/embed.html`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
let passed = 0, failed = 0;
function check(ok, label, detail = "") {
  if (ok) passed++; else { failed++; console.log(`FAIL ${label}${detail ? "\n  " + detail : ""}`); }
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
}

for (const [width, scheme] of [[360, "light"], [1280, "light"], [1280, "dark"]]) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  for (const p of pages) {
    const label = `${p} @${width}px ${scheme}`;
    const resp = await page.goto(base + p);
    check(resp && resp.status() < 400 || p === "404.html", `${label}: loads`);
    const violations = await axe(page);
    check(violations.length === 0, `${label}: WCAG 2.1 AA`, violations.join("\n  "));
    if (width === 360) {
      const cut = await uncutTables(page);
      check(cut.length === 0, `${label}: wide tables scroll with a cue and a fixed first column`, cut.join("\n  "));
      if (/^(sub\/)?school\/[^/]+\/index\.html$/.test(p)) {
        const late = await verdictInFirstScreen(page, 800);
        check(late === "", `${label}: the verdict is in the first screen`, late);
      }
      const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      check(sw <= iw, `${label}: no horizontal scroll`, `scrollWidth ${sw} > ${iw}`);
    }
    if (width === 1280 && scheme === "light") {
      await page.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
      const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      check(sw <= iw, `${label}: text at 200 % without horizontal scroll`, `scrollWidth ${sw} > ${iw}`);
      await page.evaluate(() => { document.documentElement.style.fontSize = ""; });
    }
    const name = `${p.replace(/\//g, "_").replace(/\.html$/, "")}-${width}-${scheme}.png`;
    await page.screenshot({ path: path.join(shots, name), fullPage: true });
    if (scheme === "light") {
      const order = await page.evaluate(() => [...document.querySelectorAll("figure")].filter((f) => f.querySelector("svg")).map((f) => {
        const first = f.firstElementChild;
        const svg = f.querySelector("svg");
        return first.tagName === "FIGCAPTION" && first.textContent.trim() !== "" && !!(first.compareDocumentPosition(svg) & Node.DOCUMENT_POSITION_FOLLOWING) ? "" : f.textContent.slice(0, 60);
      }).filter(Boolean));
      check(order.length === 0, `${label}: every chart's heading comes before its drawing`, order.join(" | "));
      const overlaps = await labelOverlaps(page);
      check(overlaps.length === 0, `${label}: no two texts of a chart overlap`, overlaps.slice(0, 5).join("; "));
    }
    if (width === 360) {
      const small = await page.evaluate(() => {
        document.querySelectorAll("details").forEach((d) => { d.open = true; });
        const out = [];
        for (const svg of document.querySelectorAll("svg.chart")) {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          for (const t of svg.querySelectorAll("text")) {
            const px = parseFloat(getComputedStyle(t).fontSize) * scale;
            if (px < 11.95) out.push(`${svg.id || svg.getAttribute("aria-labelledby")}: «${t.textContent.slice(0, 20)}» ${px.toFixed(1)} px`);
          }
        }
        return out;
      });
      check(small.length === 0, `${label}: chart text at least 12 px`, small.slice(0, 5).join("; "));
    }
  }
  await context.close();
}

// The subsite: nothing in it links to a page it does not hold, and the embed reports its height.
if (subReport) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + `sub/${subReport}/index.html`);
  const dead = await page.$$eval("a", (as) => as.filter((a) => !a.hasAttribute("href")).map((a) => a.textContent));
  check(dead.length === 0, "subsite: no link without an address", dead.join(" | "));
  const host = `<iframe id="f" src="${base}sub/${subReport}/embed.html" style="width:600px;height:100px;border:0"></iframe><script>window.heights=[];addEventListener("message",(e)=>{if(e.data&&e.data.oko==="height")window.heights.push(e.data.height);});</script>`;
  await page.setContent(host);
  await page.waitForFunction(() => window.heights.length > 0, null, { timeout: 5000 }).catch(() => null);
  const heights = await page.evaluate(() => window.heights);
  check(heights.length > 0 && heights[0] > 100 && heights[0] <= 400, "the embed is a card that posts its height and fits 600 × 400", JSON.stringify(heights));
  await context.close();
}

// The справка fits two printed A4 pages.
if (spravka) {
  const n = await printedPages(browser, base + spravka, path.join(shots, "spravka.pdf"));
  check(n >= 1 && n <= 2, `${spravka}: prints on at most 2 A4 pages`, `${n} pages`);
}

// Search: by part of a school's name, from the header form of the home page.
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + "index.html");
  await page.fill("#site-q", "шалушк");
  await page.press("#site-q", "Enter");
  await page.waitForSelector("#search-results li a", { timeout: 5000 }).catch(() => null);
  const links = await page.$$eval("#search-results li a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  check(links.some(([t, h]) => /Шалушка/.test(t) && /school\/sch070102\/index\.html$/.test(h)), "search finds a school by part of its name", JSON.stringify(links));
  if (links.length) {
    await page.click("#search-results li a");
    check(/school\/sch070102\/index\.html$/.test(page.url()), "a search result opens the school's report", page.url());
  }
  await page.goto(base + "search/index.html");
  await page.fill("#q", "ЛИЦЕЙ");
  const count = await page.$$eval("#search-results li", (l) => l.length);
  check(count >= 1, "search is case-insensitive and updates as one types", `results: ${count}`);
  await context.close();
}
await browser.close();
server.close();

// HTML validity of the checked pages.
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
try {
  const files = pages.map((p) => (p.startsWith("sub/") ? path.join(subsite, p.slice(4)) : path.join(site, p)));
  execFileSync("java", ["-jar", vnu, "--errors-only", ...files], { stdio: "pipe" });
  check(true, "HTML is valid (vnu)");
} catch (e) {
  check(false, "HTML is valid (vnu)", String(e.stderr || e.stdout || e));
}

console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
