import assert from "node:assert/strict";
import { test } from "node:test";
import type { TopLevelSpec } from "vega-lite";
import { defineFigure } from "../../lib/figures/figure";
import { FIGURES, figureNames, getFigure } from "../../lib/figures/registry";
import { compileSpec, renderSVG } from "../../lib/figures/render";
import { ParameterError } from "../../lib/util/check";

const escapeXML = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

test("FIGURES → unique names, each with a title and a one-line description", () => {
  const names = figureNames();
  assert.ok(names.length > 0);
  assert.equal(new Set(names).size, names.length);
  for (const f of FIGURES) {
    assert.ok(f.title.length > 0 && f.description.length > 0 && !f.description.includes("\n"), f.name);
  }
});

for (const figure of FIGURES) {
  test(`figure ${figure.name}: load → build → compiles without warnings and renders an SVG showing its title`, async () => {
    const spec = figure.build(await figure.load());
    assert.deepEqual(compileSpec(spec).warnings, []);
    const svg = await renderSVG(spec);
    assert.match(svg, /^<svg /);
    assert.ok(svg.includes(escapeXML(figure.title)), `title "${figure.title}" in the SVG`);
  });
}

test("getFigure(unknown) → ParameterError naming figure and listing the registered names", () => {
  assert.throws(() => getFigure("nope"), (e: unknown) => {
    assert.ok(e instanceof ParameterError);
    assert.equal(e.parameter, "figure");
    assert.ok(e.message.includes(figureNames()[0]));
    return true;
  });
});

test("defineFigure({name}) → RangeError for a name that is not lowercase-dashed", () => {
  const base = { title: "t", description: "d", load: async () => 1, build: (): TopLevelSpec => ({ data: { values: [] }, mark: "point" }) };
  assert.throws(() => defineFigure({ ...base, name: "Softmax SE" }), /figure name must be lowercase words joined by "-"/);
  assert.equal(defineFigure({ ...base, name: "a-b2" }).name, "a-b2");
});
