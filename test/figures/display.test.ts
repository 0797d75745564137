import assert from "node:assert/strict";
import { test } from "node:test";
import type { TopLevelSpec } from "vega-lite";
import { display, displayBundle, PNG_MIME, SVG_MIME, VEGALITE_MIME } from "../../lib/figures/display";
import { figureFrame } from "../../lib/figures/figure";
import { kernelOutput } from "../../lib/figures/kernel";

const SPEC: TopLevelSpec = {
  ...figureFrame("Bundle check"),
  data: { values: [{ x: 0, y: 1 }, { x: 1, y: NaN }] },
  mark: "point",
  encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
};

test("displayBundle(spec) → one bundle with the Vega-Lite JSON, its SVG, its PNG and a text fallback", async () => {
  const bundle = displayBundle(SPEC);
  assert.deepEqual(Object.keys(bundle.data).sort(), [VEGALITE_MIME, SVG_MIME, PNG_MIME, "text/plain"].sort());
  assert.equal(VEGALITE_MIME, "application/vnd.vegalite.v5+json");
  // plain JSON on the wire: NaN becomes null, everything else unchanged
  assert.deepEqual(bundle.data[VEGALITE_MIME], JSON.parse(JSON.stringify(SPEC)));
  assert.match(String(bundle.data[SVG_MIME]), /^<svg [^]*Bundle check/);
  assert.equal(bundle.data["text/plain"], "[figure: Bundle check]");
});

test("the bundle's PNG is the SVG at twice its size, displayed at the SVG's size (metadata)", () => {
  const bundle = displayBundle(SPEC);
  const svg = String(bundle.data[SVG_MIME]);
  const svgSize = (attribute: string) => Number(new RegExp(`^<svg[^>]* ${attribute}="([\\d.]+)"`).exec(svg)?.[1]);
  const png = Buffer.from(String(bundle.data[PNG_MIME]), "base64");
  // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers at bytes 16 and 20
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  assert.equal(png.subarray(12, 16).toString("latin1"), "IHDR");
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.ok(svgSize("width") > 100 && svgSize("height") > 100, svg.slice(0, 200));
  assert.equal(width, 2 * svgSize("width"));
  assert.equal(height, 2 * svgSize("height"));
  assert.deepEqual(bundle.metadata, { [PNG_MIME]: { width: svgSize("width"), height: svgSize("height") } });
});

test("kernelOutput() outside a Jupyter kernel → undefined; display(spec) prints one line saying so", () => {
  assert.equal(kernelOutput(), undefined);
  const written: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stdout.write;
  try {
    display(SPEC);
  } finally {
    process.stdout.write = original;
  }
  assert.deepEqual(written, ['[figure "Bundle check" not shown: not in a Jupyter kernel; use renderSVG/renderPNG or make figures]\n']);
});

test("kernelOutput() inside tslab → sends the bundle through tslab's display writer with a display id", () => {
  // tslab sets jupyter.lastWriteDisplayData while a cell runs; emulate that to check the message we send
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  const sent: Array<[unknown, boolean]> = [];
  jupyter.lastWriteDisplayData = (content: unknown, update: boolean) => sent.push([content, update]);
  try {
    const out = kernelOutput();
    assert.ok(out);
    out({ data: { "text/plain": "x" } }, "id1");
    out({ data: { "text/plain": "y" } }, "id1", true);
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
  assert.deepEqual(sent, [
    [{ data: { "text/plain": "x" }, metadata: {}, transient: { display_id: "id1" } }, false],
    [{ data: { "text/plain": "y" }, metadata: {}, transient: { display_id: "id1" } }, true],
  ]);
});
