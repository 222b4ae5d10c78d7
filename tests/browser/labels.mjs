// No two texts of a chart overlap, with the boxes the browser draws them in: every <text> (or
// each <tspan> of one) of every svg.chart on a page, measured with getBoundingClientRect, must
// share no area with another text of the same chart and stay inside the chart's drawing.
// src/charts/layout.rs places the texts with estimated boxes; this checks the estimate against
// the real font. A box is taken 1 px in at top and bottom (a font's box includes its line gap)
// and 0.5 px at the sides, so that touching neighbours pass and a real overlap fails.
//
// run.mjs calls labelOverlaps(page) on each page it checks, at 360 and 1280 px. Alone:
//   node labels.mjs SITE_DIR [PAGE…]   (every page of the site with a chart when none is given)
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/// Overlapping or escaping texts of the charts on the page, one line each (empty: all clear).
export async function labelOverlaps(page) {
  return page.evaluate(() => {
    const found = [];
    for (const svg of document.querySelectorAll("svg.chart")) {
      const name = svg.querySelector("title")?.textContent || "chart";
      const frame = svg.getBoundingClientRect();
      const boxes = [];
      for (const text of svg.querySelectorAll("text")) {
        const parts = text.querySelectorAll("tspan").length ? [...text.querySelectorAll("tspan")] : [text];
        for (const part of parts) {
          const r = part.getBoundingClientRect();
          if (r.width === 0) continue;
          boxes.push({ label: part.textContent, x0: r.left + 0.5, x1: r.right - 0.5, y0: r.top + 1, y1: r.bottom - 1 });
        }
      }
      for (let i = 0; i < boxes.length; i++) {
        const a = boxes[i];
        if (a.x0 < frame.left - 0.5 || a.x1 > frame.right + 0.5 || a.y0 < frame.top - 1 || a.y1 > frame.bottom + 1) {
          found.push(`${name}: «${a.label}» outside the drawing`);
        }
        for (const b of boxes.slice(i + 1)) {
          if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) {
            found.push(`${name}: «${a.label}» overlaps «${b.label}»`);
          }
        }
      }
    }
    return found;
  });
}

// Alone: every chart page of a built site, at a phone's width and a desk's.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { chromium } = await import("playwright-core");
  const site = path.resolve(process.argv[2] || "../../site");
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const pages = process.argv.length > 3
    ? process.argv.slice(3).map((p) => path.join(site, p))
    : walk(site).filter((f) => f.endsWith(".html") && fs.readFileSync(f, "utf8").includes("<svg class=\"chart\"")).sort();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  let failed = 0;
  for (const width of [360, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const file of pages) {
      await page.goto(pathToFileURL(file).href);
      for (const line of await labelOverlaps(page)) {
        failed++;
        console.log(`FAIL ${path.relative(site, file)} @${width}px: ${line}`);
      }
    }
    await page.close();
  }
  await browser.close();
  console.log(`labels: ${pages.length} pages at 360 and 1280 px, ${failed} overlaps`);
  process.exit(failed ? 1 : 0);
}
