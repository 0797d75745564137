import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

/**
 * Light verbs load only what they use (issue 11): `aim threshold`, `aim se` and `aim sweep se` never load
 * TensorFlow.js, Vega, resvg or d3, nor start worker threads. The CLI runs as users run it (bin/aim.cjs in a
 * child process) with a preload that records every module the process loads.
 */
const ROOT = join(__dirname, "..", "..");
const HEAVY = [/@tensorflow[\\/]/, /[\\/]vega[\w-]*[\\/]/, /@resvg[\\/]/, /[\\/]d3-/];

function loadedModules(argv: string[]): { status: number | null; stdout: string; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "aim-startup-"));
  try {
    const record = join(dir, "modules.txt");
    const r = spawnSync(process.execPath, ["-r", join(__dirname, "record-modules.cjs"), join(ROOT, "bin", "aim.cjs"), ...argv], {
      encoding: "utf8",
      env: { ...process.env, AIM_RECORD_MODULES: record },
    });
    return { status: r.status, stdout: r.stdout, modules: readFileSync(record, "utf8").trim().split("\n") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LIGHT: string[][] = [
  ["threshold", "--rho", "0.5", "--T", "2"],
  ["threshold", "--limit", "rho0", "--channel", "hardmax"],
  ["se", "--channel", "softmax", "--rho", "0.5", "--T", "2", "--alpha", "0.1"],
  ["sweep", "se", "--alpha", "0.05,0.1"],
];

for (const argv of LIGHT) {
  test(`aim ${argv.join(" ")}: no TensorFlow.js, Vega, resvg or d3 loaded, no worker thread`, () => {
    const { status, stdout, modules } = loadedModules(argv);
    assert.equal(status, 0, stdout);
    assert.ok(stdout.trim().length > 0);
    // the recorder works: it saw the verb's own module
    assert.ok(modules.some((m) => m.endsWith(join("lib", "cli", "commands", `${argv[0]}.ts`))), "the verb's module was recorded");
    for (const pattern of HEAVY) assert.deepEqual(modules.filter((m) => pattern.test(m)), [], String(pattern));
    assert.deepEqual(modules.filter((m) => m.startsWith("worker ")), []);
  });
}

test("the recorder does see TensorFlow.js when it is loaded: aim help loads every verb", () => {
  const { status, modules } = loadedModules(["help"]);
  assert.equal(status, 0);
  assert.ok(modules.some((m) => HEAVY[0].test(m)));
});
