// Checks of a page as a phone shows it (360 px wide, 800 px tall), for run.mjs:
// - every table wider than its box shows a cue that it scrolls (a shadow at the edge where more
//   of it is hidden) and keeps its first column in view (sticky);
// - a school's report answers in its first screen: the verdict's heading is above the fold.

/** The tables on `page` that are wider than their box and lack the cue or the fixed first column. */
export async function uncutTables(page) {
  return page.evaluate(() => {
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
    const out = [];
    for (const wrap of document.querySelectorAll("table")) {
      const box = wrap.closest(".table-wrap");
      const outer = box || wrap.parentElement;
      if (wrap.getBoundingClientRect().width <= outer.clientWidth + 1) continue;
      const name = (box && (box.getAttribute("aria-label") || box.getAttribute("aria-labelledby"))) || wrap.className || "table";
      if (!box) { out.push(`${name}: wider than its container and not in a scrolling box`); continue; }
      const style = getComputedStyle(box);
      const scrolls = style.overflowX === "auto" || style.overflowX === "scroll";
      const shadow = /gradient/.test(style.backgroundImage) && /local/.test(style.backgroundAttachment);
      const first = wrap.querySelector("tbody tr > :first-child");
      const sticky = first && getComputedStyle(first).position === "sticky";
      if (!(scrolls && shadow && sticky)) out.push(`${name}: ${wrap.getBoundingClientRect().width | 0}>${outer.clientWidth} scrolls=${scrolls} cue=${shadow} sticky=${!!sticky}`);
    }
    return out;
  });
}

/** Whether the school report's verdict heading ends within the first screen of `height` px. */
export async function verdictInFirstScreen(page, height) {
  return page.evaluate((h) => {
    const v = document.querySelector(".verdict h2");
    if (!v) return "no verdict";
    const bottom = v.getBoundingClientRect().bottom + window.scrollY;
    return bottom <= h ? "" : `the verdict ends at ${bottom | 0} px, below the first ${h} px`;
  }, height);
}
