import assert from "node:assert/strict";
import { test } from "node:test";
import { KERNELSPEC, notebookCells, NotebookSourceError, parsePercent, toNotebook } from "../../scripts/percent";

const SOURCE = [
  "",
  "// %% [markdown]",
  "// # Title",
  "//",
  "// Text with $\\alpha = n/d^2$.",
  "",
  "// %%",
  'import * as aim from "../dist";',
  "",
  "const x = 1;  ",
  "",
  "// %% a titled code cell",
  "x + 1",
  "// %%",
  "",
].join("\n");

test("parsePercent(text) → markdown and code cells, prefixes stripped, blank edges trimmed, empty cells dropped", () => {
  const cells = parsePercent(SOURCE, "t.ts");
  assert.deepEqual(
    cells.map((c) => [c.kind, c.source, c.line]),
    [
      ["markdown", "# Title\n\nText with $\\alpha = n/d^2$.", 2],
      ["code", 'import * as aim from "../dist";\n\nconst x = 1;', 7],
      ["code", "x + 1", 12],
    ],
  );
});

test("parsePercent(text) → NotebookSourceError naming file and line for text before the first marker", () => {
  assert.throws(() => parsePercent("const x = 1;\n// %%\n", "nb.ts"), (e: unknown) => {
    assert.ok(e instanceof NotebookSourceError);
    assert.match(e.message, /^nb\.ts:1: text before the first/);
    return true;
  });
});

test("parsePercent(text) → error for a Markdown line without the // prefix and for an unknown cell type", () => {
  assert.throws(() => parsePercent("// %% [markdown]\n// ok\nnot a comment\n", "m.ts"), /^NotebookSourceError: m\.ts:3: a Markdown cell line/);
  assert.throws(() => parsePercent("// %% [raw]\nx\n", "r.ts"), /r\.ts:1: unknown cell type \[raw\]/);
});

test("toNotebook(cells) → nbformat 4.5 with the tslab kernelspec, and notebookCells inverts it", () => {
  const cells = parsePercent(SOURCE, "t.ts");
  const nb = toNotebook(cells) as { nbformat: number; nbformat_minor: number; metadata: { kernelspec: unknown }; cells: Array<{ id: string; source: string[] }> };
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformat_minor, 5);
  assert.deepEqual(nb.metadata.kernelspec, KERNELSPEC);
  assert.deepEqual(nb.cells[1].source, ['import * as aim from "../dist";\n', "\n", "const x = 1;"]);
  assert.equal(new Set(nb.cells.map((c) => c.id)).size, cells.length);
  // the serialized cells read back as the parsed ones (what `notebooks.ts --check` relies on)
  const back = notebookCells(JSON.parse(JSON.stringify(nb)));
  assert.deepEqual(back, cells.map(({ kind, source }) => ({ kind, source })));
});
