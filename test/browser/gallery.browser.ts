/**
 * Browser test: the gallery page figures/index.html (written by `make figures`) loads from the file system with no
 * page error, console error or failed request, shows every registered figure as a drawn view, and every slider
 * bound to a figure's parameters changes that figure's view when moved.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { figureNames } from "../../lib/figures/registry";
import { FIGURES_DIR } from "../../lib/store/paths";
import { describeInk, elementImage, figureInk, imageInk, launch, MIN_INK, SCREENSHOTS, shown } from "./browser";

// in-page code below runs in the browser
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const PAGE = join(FIGURES_DIR, "index.html");
/** How long a view may take to redraw after a slider moved. */
const REDRAW_MS = 5000;

test("figures/index.html renders every registered figure, and each slider changes its figure", { timeout: 120_000 }, async (t) => {
  assert.ok(existsSync(PAGE), `${PAGE} is missing: run make figures`);
  const browser = await launch();
  const errors: string[] = [];
  try {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(`page error: ${(e as Error).message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") errors.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url().slice(0, 120)} (${r.failure()?.errorText})`));
    page.on("request", (r) => {
      if (!/^(file|data|blob):/.test(r.url())) errors.push(`network request from an offline page: ${r.url().slice(0, 120)}`);
    });
    const started = Date.now();
    await page.goto(pathToFileURL(PAGE).href, { waitUntil: "load" });
    await page.evaluate(() => window.galleryReady);
    t.diagnostic(`page loaded and every view embedded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await page.screenshot({ path: join(SCREENSHOTS, "gallery.png"), fullPage: true });

    const names = figureNames();
    const onPage = await page.$$eval(".view[data-figure]", (views) => views.map((v) => (v as unknown as { dataset: { figure: string } }).dataset.figure));
    assert.deepEqual(onPage, names, "the page shows exactly the registered figures, in registry order");

    const problems: string[] = [];
    let sliders = 0;
    let moved = 0;
    for (const name of names) {
      const view = await page.$(`.view[data-figure="${name}"]`);
      const svg = await view?.$("svg.marks");
      if (!view || !svg) {
        problems.push(`${name}: no rendered view`);
        continue;
      }
      const ink = await figureInk(page, svg, `gallery-${name}.png`);
      if (!(ink.visible && ink.own >= MIN_INK && ink.screen >= MIN_INK)) problems.push(`${name}: blank or hidden view (${describeInk(ink)})`);
      // axes alone draw ink too: the figure's own marks (lines, points, rects, rules, labels) must draw items
      const items = await svg.evaluate((el: any) => // eslint-disable-line @typescript-eslint/no-explicit-any
        Array.from(el.querySelectorAll("g.role-mark"))
          .filter((g: any) => !g.closest(".role-axis, .role-legend, .role-title")) // eslint-disable-line @typescript-eslint/no-explicit-any
          .reduce((n: number, g: any) => n + g.childElementCount, 0), // eslint-disable-line @typescript-eslint/no-explicit-any
      );
      if (items === 0) problems.push(`${name}: the view draws axes but no data`);
      const inputs = await view.$$('.vega-bindings input[type="range"]');
      for (const [i, input] of inputs.entries()) {
        sliders++;
        const label = await input.evaluate((el: any) => el.closest(".vega-bind")?.querySelector(".vega-bind-name")?.textContent?.trim() ?? `slider ${i + 1}`); // eslint-disable-line @typescript-eslint/no-explicit-any
        const before = await elementImage(svg);
        // move the slider to the other end of its range, as a user dragging it would
        const value = await input.evaluate((el: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
          el.value = el.value === el.max ? el.min : el.max;
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
          return el.value as string;
        });
        let changed = 0;
        for (const deadline = Date.now() + REDRAW_MS; Date.now() < deadline; ) {
          const after = await elementImage((await view.$("svg.marks")) ?? svg);
          if (after !== before) {
            changed = await imageInk(page, after, before);
            if (changed > 0) break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        t.diagnostic(`${name}: slider "${label}" → ${value}: ${(100 * changed).toFixed(2)}% of the view's pixels changed`);
        if (changed > 0) moved++;
        else problems.push(`${name}: moving slider "${label}" did not change the view`);
        await (await view.$("svg.marks"))?.screenshot({ path: join(SCREENSHOTS, `gallery-${name}-slider-${i + 1}.png`) as `${string}.png` });
      }
    }
    t.diagnostic(`${names.length} figures drawn; ${moved} of ${sliders} sliders change their view`);
    t.diagnostic(`screenshots: ${shown(SCREENSHOTS)}/gallery*.png`);
    assert.deepEqual([...errors, ...problems], []);
    assert.ok(sliders > 0, "the gallery has sliders (phase-diagram, generalization)");
  } finally {
    await browser.close();
  }
});
