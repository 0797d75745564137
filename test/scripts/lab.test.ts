import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { test } from "node:test";

/**
 * scripts/lab.py (`make lab`) refuses, before starting anything, every setting that would disable authentication
 * or is malformed, with one line naming the variable and exit status 2; its random tokens are fresh each time.
 * (The server itself, token checks over HTTP included, is tested in test/browser/lab.browser.ts.)
 */
const PYTHON = "/usr/bin/python3";
const LAB = resolve(__dirname, "../../scripts/lab.py");

function lab(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const base = { ...process.env };
  delete base.JUPYTER_TOKEN;
  delete base.JUPYTER_TOKEN_FILE;
  delete base.PORT;
  delete base.FRONT_END;
  const r = spawnSync(PYTHON, [LAB], { env: { ...base, NO_BROWSER: "1", ...env }, encoding: "utf8", timeout: 20_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

test("an empty JUPYTER_TOKEN (authentication off) is refused", () => {
  for (const token of ["", "  "]) {
    const r = lab({ JUPYTER_TOKEN: token, PORT: "1" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^lab: JUPYTER_TOKEN is empty, which would disable authentication/);
    assert.equal(r.stdout, "", "nothing started, no URL printed");
  }
});

test("PORT must be an integer in 1..65535; FRONT_END lab or notebook", () => {
  for (const port of ["0", "65536", "abc", "80.5", "-1"]) {
    const r = lab({ PORT: port });
    assert.equal(r.status, 2, port);
    assert.match(r.stderr, /^lab: PORT must be an integer in 1\.\.65535 \(got '/);
  }
  const r = lab({ FRONT_END: "vscode", JUPYTER_TOKEN: "x" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /FRONT_END must be one of lab, notebook/);
});

test("without JUPYTER_TOKEN each run gets a fresh random token of 48 hex digits", () => {
  const code = "import sys; sys.path.insert(0, sys.argv[1]); import lab; print(lab.token_from({})); print(lab.token_from({}))";
  const r = spawnSync(PYTHON, ["-c", code, resolve(__dirname, "../../scripts")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const [a, b] = r.stdout.trim().split("\n");
  assert.match(a, /^[0-9a-f]{48}$/);
  assert.match(b, /^[0-9a-f]{48}$/);
  assert.notEqual(a, b);
});
