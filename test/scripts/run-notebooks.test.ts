import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";

/**
 * The failure detection of scripts/run_notebooks.py, on executed notebooks written as fixtures (no kernel needed):
 * tslab reports errors only as stderr text, so these patterns are what makes `make notebooks` fail.
 */
const PYTHON = "/usr/bin/python3";
const RUNNER = resolve(__dirname, "../../scripts/run_notebooks.py");
const hasNbformat = spawnSync(PYTHON, ["-c", "import nbformat"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "aim-nb-"));

type Output = Record<string, unknown>;
const stream = (name: "stdout" | "stderr", text: string): Output => ({ output_type: "stream", name, text });

function notebook(name: string, outputs: Output[][], executed = true): string {
  const cells = [
    { cell_type: "markdown", id: "m", metadata: {}, source: "# t" },
    ...outputs.map((o, i) => ({
      cell_type: "code",
      id: `c${i}`,
      metadata: {},
      execution_count: executed || i === 0 ? i + 1 : null,
      source: `line${i + 1}();`,
      outputs: o,
    })),
  ];
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ cells, metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 }));
  return path;
}

function check(path: string): { status: number | null; out: string } {
  const r = spawnSync(PYTHON, [RUNNER, "--check-outputs", path], { encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

const FAILING: Array<[string, Output[]]> = [
  ["a TypeScript diagnostic", [stream("stderr", "1:29 - Argument of type 'string' is not assignable to parameter of type 'number'.\n")]],
  ["a thrown error with stack", [stream("stderr", "evalmachine.<anonymous>:2\nthrow x;\n^\n\nRangeError: rho must be > 0 (got -1)\n    at evalmachine.<anonymous>:2:7\n")]],
  ["a bare stack frame", [stream("stderr", "something odd\n    at Object.execute (/x/tslab/dist/executor.js:160:38)\n")]],
  ["an error output", [{ output_type: "error", ename: "Error", evalue: "boom", traceback: [] }]],
  ["a rejected promise on stdout", [stream("stdout", "Promise {\n  <rejected> Error: later\n}\n")]],
];

for (const [what, outputs] of FAILING) {
  test(`run_notebooks.py --check-outputs → exit 1 naming the cell for ${what}`, { skip: !hasNbformat && "nbformat not importable by /usr/bin/python3" }, () => {
    const r = check(notebook(`${what.replace(/\W+/g, "-")}.ipynb`, [[stream("stdout", "ok\n")], outputs]));
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /FAIL .*: cell 3 \(line2\(\);\)/);
  });
}

test("run_notebooks.py --check-outputs → exit 0 for clean outputs, console.warn text and displays", { skip: !hasNbformat && "nbformat not importable" }, () => {
  const display = { output_type: "display_data", data: { "text/plain": "[figure: x]", "image/svg+xml": "<svg/>" }, metadata: {} };
  const r = check(notebook("clean.ipynb", [[stream("stdout", "10\n"), stream("stderr", "a warning about Errors in general is fine\n")], [display], []]));
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /1 of 1 notebooks passed the output check/);
});

test("run_notebooks.py --check-outputs → exit 1 for a code cell that never ran", { skip: !hasNbformat && "nbformat not importable" }, () => {
  const r = check(notebook("unexecuted.ipynb", [[], []], false));
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /cell 3 \(line2\(\);\) was not executed/);
});
