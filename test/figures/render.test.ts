import assert from "node:assert/strict";
import { Resvg } from "@resvg/resvg-js";
import { test } from "node:test";
import type { TopLevelSpec } from "vega-lite";
import { loadFontMetrics } from "../../lib/figures/font-metrics";
import { compileSpec, fontFiles, rasterize, renderPNG, renderSVG, renderSVGSync, renderSVGWithVega } from "../../lib/figures/render";
import { buildSoftmaxSE } from "../../lib/figures/softmax-se";
import { figureFrame } from "../../lib/figures/figure";

const LINE: TopLevelSpec = {
  ...figureFrame("Render check α = n/d²"),
  data: { values: [{ x: 0, y: 1 }, { x: 1, y: 0 }] },
  mark: "line",
  encoding: { x: { field: "x", type: "quantitative", title: "alpha axis" }, y: { field: "y", type: "quantitative" } },
};

/** Fraction of pixels that are not white. */
function ink(pixels: Uint8Array): number {
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200) dark++;
  return dark / (pixels.length / 4);
}

test("compileSpec(spec) → a Vega spec and no warnings for a valid spec; warnings collected, not printed", () => {
  const ok = compileSpec(LINE);
  assert.deepEqual(ok.warnings, []);
  assert.ok(Array.isArray(ok.vega.marks) && ok.vega.marks.length > 0);
  const dropped = { data: { values: [{ x: 1 }] }, mark: "bar", encoding: { x: { field: "x", type: "quantitative" }, shape: { field: "x", type: "nominal" } } } as TopLevelSpec;
  assert.deepEqual(compileSpec(dropped).warnings, ['shape dropped as it is incompatible with "bar".']);
});

test("renderSVG(spec) → an SVG document containing the title and axis title text", async () => {
  const svg = await renderSVG(LINE);
  assert.match(svg, /^<svg /);
  assert.ok(svg.includes("Render check α = n/d²"));
  assert.ok(svg.includes("alpha axis"));
});

test("renderSVGSync(spec) → the same SVG as vega's asynchronous view.toSVG() (up to clip-path ids)", async () => {
  const layered = buildSoftmaxSE([0.1, 1, Infinity].flatMap((rho) => [{ rho, alpha: 0, mmse: 1 }, { rho, alpha: 0.1, mmse: 0.3 }]), "Sync check");
  const clipIds = (svg: string) => svg.replace(/clip\d+/g, "clipN");
  for (const spec of [LINE, layered]) {
    const sync = renderSVGSync(spec);
    assert.ok(sync.length > 1000);
    assert.equal(clipIds(sync), clipIds(await renderSVGWithVega(spec)));
  }
});

test("renderSVGSync(spec) → identical bytes whatever was rendered before (clip ids renumbered per SVG)", () => {
  const clipped = buildSoftmaxSE([{ rho: 1, alpha: 0, mmse: 1 }, { rho: 1, alpha: 0.2, mmse: 0 }], "clipped"); // clip: true
  const first = renderSVGSync(clipped);
  renderSVGSync(LINE);
  renderSVGSync(clipped);
  assert.equal(renderSVGSync(clipped), first);
  assert.match(first, /id="clip0"/);
});

test("renderSVGSync(spec with data.url) → error: URL data cannot be rendered synchronously", () => {
  const remote = { ...LINE, data: { url: "data/x.csv" } } as TopLevelSpec;
  assert.throws(() => renderSVGSync(remote), /renderSVG needs inline data \(data\.values\)/);
});

test("rasterize(svg) → text drawn with the DejaVu font, and nothing drawn without a font (the check can fail)", () => {
  const text = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="30" font-family="DejaVu Sans" font-size="24">Hello ρ</text></svg>';
  const withFont = rasterize(text, { scale: 1 });
  const withoutFont = rasterize(text, { scale: 1, fonts: [] });
  assert.equal(withFont.width, 200);
  assert.ok(ink(withFont.pixels) > 0.03, `ink ${ink(withFont.pixels)}`);
  assert.equal(ink(withoutFont.pixels), 0);
});

test("renderPNG(svg of a figure) → PNG bytes at twice the SVG size, with visible ink", async () => {
  const svg = await renderSVG(LINE);
  const png = renderPNG(svg);
  assert.deepEqual([...png.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = Number(/width="(\d+)"/.exec(svg)![1]);
  const raster = rasterize(svg);
  assert.equal(raster.width, 2 * width);
  assert.ok(ink(raster.pixels) > 0.01);
});

test("rasterize(svg, {scale}) → RangeError naming scale for 0 or NaN", () => {
  assert.throws(() => rasterize("<svg/>", { scale: 0 }), /scale must be a finite number > 0 \(got 0\)/);
  assert.throws(() => rasterize("<svg/>", { scale: NaN }), /scale must be/);
});

test("fontFiles(env) → DejaVuSans.ttf found; AIM_FONT pointing nowhere → error naming the variable", () => {
  const files = fontFiles({});
  assert.match(files[0], /DejaVuSans\.ttf$/);
  assert.throws(() => fontFiles({ AIM_FONT: "/nonexistent/font.ttf" }), /AIM_FONT=\/nonexistent\/font\.ttf: no such font file/);
});

test("loadFontMetrics(DejaVu).width(text) → the inked width resvg draws, within 4%", () => {
  const metrics = loadFontMetrics(fontFiles({})[0]);
  for (const text of ["MMMMMMMMMM", "estimation error ‖Ŝ − S‖²/d", "α = n/d²"]) {
    const size = 100;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="200"><text x="0" y="150" font-family="DejaVu Sans" font-size="${size}">${text}</text></svg>`;
    const box = new Resvg(svg, { font: { fontFiles: fontFiles({}), loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" } }).getBBox();
    assert.ok(box, "resvg found text to measure");
    const predicted = metrics.width(text, size);
    // the advance sum exceeds the ink box by the side bearings of the first and last glyph (a few % of one em)
    assert.ok(Math.abs(predicted - box.width) < 0.04 * predicted + 0.2 * size, `${text}: ${predicted} vs ${box.width}`);
  }
  assert.ok(metrics.width("iiii", 10) < metrics.width("MMMM", 10));
});
