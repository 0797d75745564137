/**
 * Percent-format TypeScript notebooks → Jupyter notebooks (nbformat 4.5), as a pure function.
 *
 * Authoring format (notebooks/README.md): a source file is a sequence of cells, each opened by a marker line
 *
 *     // %% [markdown]      a Markdown cell: every following line is `// text` (or a bare `//` for a blank line)
 *     // %%                 a code cell: the following lines are TypeScript, copied verbatim
 *
 * Text after the marker (`// %% Load the data`) is a cell title and is ignored. Blank lines around a cell are
 * trimmed and empty cells dropped, so cells can be separated by blank lines freely. Anything other than blank
 * lines before the first marker is an error (the file would otherwise silently lose it).
 */

/** One notebook cell before serialization. */
export interface SourceCell {
  kind: "markdown" | "code";
  /** cell text, lines joined by "\n", no trailing newline */
  source: string;
  /** 1-based line of the marker that opened the cell, for error messages */
  line: number;
}

/** The kernel every workbook notebook runs on (registered by `make kernel`). */
export const KERNELSPEC = { name: "tslab", display_name: "TypeScript", language: "typescript" } as const;

const MARKER = /^\/\/\s?%%(.*)$/;
const CELL_TYPE = /^\s*\[(\w+)\]/;

/** Raised for a malformed source file; the message starts with `file:line:`. */
export class NotebookSourceError extends Error {
  constructor(readonly file: string, readonly line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = "NotebookSourceError";
  }
}

/** Parses a percent-format source into cells. `file` is used only in error messages. */
export function parsePercent(text: string, file: string): SourceCell[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const cells: Array<{ kind: SourceCell["kind"]; line: number; body: string[] }> = [];
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const marker = MARKER.exec(raw);
    if (marker) {
      const type = CELL_TYPE.exec(marker[1]);
      if (type && type[1] !== "markdown") {
        throw new NotebookSourceError(file, lineNo, `unknown cell type [${type[1]}]; use "// %%" or "// %% [markdown]"`);
      }
      cells.push({ kind: type ? "markdown" : "code", line: lineNo, body: [] });
      return;
    }
    const current = cells[cells.length - 1];
    if (current === undefined) {
      if (raw.trim() !== "") throw new NotebookSourceError(file, lineNo, 'text before the first "// %%" cell marker');
      return;
    }
    current.body.push(current.kind === "markdown" ? markdownLine(raw, file, lineNo) : raw);
  });
  return cells
    .map((c) => ({ kind: c.kind, line: c.line, source: trimBlankLines(c.body).join("\n") }))
    .filter((c) => c.source !== "");
}

/** Strips the `// ` prefix of one Markdown line; a blank source line is a blank Markdown line. */
function markdownLine(raw: string, file: string, line: number): string {
  if (raw.trim() === "") return "";
  const m = /^\s*\/\/ ?(.*)$/.exec(raw);
  if (!m) throw new NotebookSourceError(file, line, 'a Markdown cell line must start with "// "');
  return m[1];
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === "") start++;
  while (end > start && lines[end - 1].trim() === "") end--;
  return lines.slice(start, end).map((l) => l.replace(/\s+$/, ""));
}

/** nbformat stores a cell source as a list of lines, each but the last ending in "\n". */
function sourceLines(source: string): string[] {
  return source.split("\n").map((l, i, all) => (i < all.length - 1 ? l + "\n" : l));
}

/**
 * Serializes cells as an unexecuted notebook (nbformat 4.5, the tslab kernel). Cell ids are the cell's
 * position, so re-converting an unchanged source gives an identical file and diffs stay small.
 */
export function toNotebook(cells: readonly SourceCell[]): object {
  return {
    cells: cells.map((c, i) => {
      const common = { id: `cell-${i + 1}`, metadata: {}, source: sourceLines(c.source) };
      return c.kind === "markdown"
        ? { cell_type: "markdown", ...common }
        : { cell_type: "code", execution_count: null, ...common, outputs: [] };
    }),
    metadata: {
      kernelspec: { ...KERNELSPEC },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The cell sources of a notebook JSON in the form `parsePercent` returns (to check a notebook is current). */
export function notebookCells(notebook: unknown): Array<Pick<SourceCell, "kind" | "source">> {
  const cells = (notebook as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) throw new Error("not a notebook: no cells array");
  return cells.map((c: { cell_type: string; source: string | string[] }) => ({
    kind: c.cell_type === "markdown" ? "markdown" : "code",
    source: Array.isArray(c.source) ? c.source.join("") : c.source,
  }));
}
