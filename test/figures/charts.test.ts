import assert from "node:assert/strict";
import { test } from "node:test";
import { heatmapChart, histogram, histogramChart, lineChart } from "../../lib/figures/charts";
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

test("heatmapChart: one panel per matrix, a labelled cell per entry (row = first index), rendered to SVG", async () => {
  const spec = heatmapChart({
    title: "Heat check",
    size: 2,
    valueTitle: "v",
    panels: [{ label: "left panel", values: [0.25, 0.75, 1, 0] }, { label: "right panel", values: [0.5, 0.5, 0.125, 0.875] }],
  }) as unknown as { data: { values: { panel: string; row: number; column: number; value: number; text: string }[] } };
  const cells = spec.data.values;
  assert.equal(cells.length, 8);
  const cell = cells.find((c) => c.panel === "left panel" && c.row === 2 && c.column === 1)!;
  assert.equal(cell.value, 1);
  assert.equal(cells.find((c) => c.panel === "right panel" && c.row === 2 && c.column === 2)!.text, "0.88");
  const svg = await renderSVG(spec as never);
  for (const text of ["Heat check", "left panel", "right panel", "0.75", "0.13"]) assert.match(svg, new RegExp(text));
  assert.throws(() => heatmapChart({ title: "t", size: 2, valueTitle: "v", panels: [{ label: "bad", values: [1, 2, 3] }] }), /size² = 4 values \(got 3\)/);
  assert.throws(() => heatmapChart({ title: "t", size: 2, valueTitle: "v", panels: [] }), /at least one panel/);
});
