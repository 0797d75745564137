/**
 * Converts the percent-format notebook sources notebooks/src/NN-name.ts into notebooks/NN-name.ipynb.
 *
 *   npx tsx scripts/notebooks.ts               convert every notebooks/src/NN-*.ts
 *   npx tsx scripts/notebooks.ts FILE.ts …     convert the given sources
 *   npx tsx scripts/notebooks.ts --check       exit 1 if a notebook is missing or its cells differ from its source
 *
 * A notebook whose cell sources already equal its source file is left untouched, so its executed outputs survive;
 * a changed source gives a fresh, unexecuted notebook (`make notebooks` then executes it).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { writeFileAtomic } from "../lib/store/atomic";
import { notebookCells, parsePercent, SourceCell, toNotebook } from "./percent";

const ROOT = resolve(__dirname, "..");
const SRC_DIR = join(ROOT, "notebooks", "src");
const OUT_DIR = join(ROOT, "notebooks");
const SOURCE_NAME = /^\d\d-[\w-]+\.ts$/;

/** The notebook sources, sorted by number. */
function listSources(): string[] {
  if (!existsSync(SRC_DIR)) return [];
  return readdirSync(SRC_DIR)
    .filter((f) => SOURCE_NAME.test(f))
    .sort()
    .map((f) => join(SRC_DIR, f));
}

function targetOf(source: string): string {
  return join(OUT_DIR, basename(source).replace(/\.ts$/, ".ipynb"));
}

/** True when the notebook at `path` exists and has exactly these cells. */
function isCurrent(path: string, cells: readonly SourceCell[]): boolean {
  if (!existsSync(path)) return false;
  const existing = notebookCells(JSON.parse(readFileSync(path, "utf8")));
  return existing.length === cells.length && existing.every((c, i) => c.kind === cells[i].kind && c.source === cells[i].source);
}

function main(argv: string[]): number {
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a.startsWith("--") && a !== "--check");
  if (unknown.length > 0) {
    process.stderr.write(`notebooks: unknown flag ${unknown[0]} (known: --check)\n`);
    return 2;
  }
  const given = argv.filter((a) => !a.startsWith("--")).map((a) => resolve(a));
  const sources = given.length > 0 ? given : listSources();
  let stale = 0;
  for (const source of sources) {
    if (!SOURCE_NAME.test(basename(source))) {
      process.stderr.write(`notebooks: ${source}: a notebook source is named NN-name.ts (two digits, a dash, a name)\n`);
      return 2;
    }
    const cells = parsePercent(readFileSync(source, "utf8"), relative(ROOT, source));
    const target = targetOf(source);
    const rel = relative(ROOT, target);
    if (isCurrent(target, cells)) {
      if (!check) process.stdout.write(`${rel}: up to date (${cells.length} cells)\n`);
      continue;
    }
    if (check) {
      process.stderr.write(`${rel}: out of date with ${relative(ROOT, source)} (run make notebooks)\n`);
      stale++;
      continue;
    }
    writeFileAtomic(target, JSON.stringify(toNotebook(cells), null, 1) + "\n");
    process.stdout.write(`${rel}: written (${cells.length} cells, not yet executed)\n`);
  }
  return stale > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`notebooks: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
