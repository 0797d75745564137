import assert from "node:assert/strict";
import { test } from "node:test";
import { buildPanels, panelsFigure } from "../../lib/figures/paper";
import { getFigure } from "../../lib/figures/registry";
import { compileSpec, renderSVG } from "../../lib/figures/render";

test("panelsFigure(['softmax-se', 'alpha-pr']) → one figure with both panels side by side, compiling without warnings", async () => {
  const figure = panelsFigure({ name: "two-panels", title: "Two panels", description: "test", panels: ["softmax-se", "alpha-pr"], lookup: getFigure });
  const spec = figure.build(await figure.load()) as unknown as { hconcat: Array<Record<string, unknown>>; config?: unknown };
  assert.equal(spec.hconcat.length, 2);
  assert.ok(spec.config, "the frame carries the theme");
  for (const panel of spec.hconcat) assert.ok(!("$schema" in panel) && !("config" in panel), "panels lose top-level-only properties");
  assert.deepEqual(compileSpec(spec as never).warnings, []);
  const svg = await renderSVG(spec as never);
  assert.ok(svg.includes("Two panels") && svg.includes("Softmax attention: Bayes-optimal error") && svg.includes("sequence length T"));
});

test("panelsFigure with a panel that is not registered fails on load naming the figure; buildPanels([]) throws", async () => {
  const figure = panelsFigure({ name: "missing", title: "t", description: "d", panels: ["softmax-se", "no-such-panel"], lookup: getFigure });
  await assert.rejects(figure.load(), /figure must be one of/);
  assert.throws(() => buildPanels([], "t"), /at least one panel/);
});

test("buildPanels keeps a panel's slider parameters (phase-diagram's T) in the assembled spec", async () => {
  const f = getFigure("phase-diagram");
  const spec = buildPanels([f.build(await f.load())], "one") as unknown as { hconcat: Array<{ params?: Array<{ name: string }> }> };
  assert.equal(spec.hconcat[0].params?.[0].name, "T");
});
