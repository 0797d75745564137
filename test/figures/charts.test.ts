import assert from "node:assert/strict";
import { test } from "node:test";
import { histogram, histogramChart, lineChart } from "../../lib/figures/charts";
import { renderSVG } from "../../lib/figures/render";

test("histogram(samples, bins) integrates to 1 and counts every sample", () => {
  const samples = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
  const bins = histogram(samples, 17);
  const total = bins.reduce((s, b) => s + b.density * (b.x1 - b.x0), 0);
  assert.ok(Math.abs(total - 1) < 1e-12);
  assert.equal(bins.length, 17);
});

test("histogramChart and lineChart render to SVG with their titles", async () => {
  const h = await renderSVG(histogramChart({ title: "Histogram check", samples: [1, 2, 2, 3], density: () => 0.5, bins: 3, xTitle: "x" }));
  assert.match(h, /Histogram check/);
  const l = await renderSVG(lineChart({ title: "Lines check", lines: [{ x: 1, y: 1, series: "a" }, { x: 2, y: 4, series: "a" }], points: [{ x: 1, y: 2, series: "b" }], xTitle: "x", yTitle: "y", xScale: "log" }));
  assert.match(l, /Lines check/);
});

test("lineChart without data throws", () => {
  assert.throws(() => lineChart({ title: "t", xTitle: "x", yTitle: "y" }), /lines or points/);
});
