import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkNumber } from "../util/check";
import { writeFileAtomic } from "./atomic";
import { DataFileError } from "./csv";
import { REPO_ROOT } from "./paths";

/**
 * The manifest next to every data table (`x.csv` → `x.manifest.json`): what produced the rows, so a figure or a
 * reader can tell which parameters, seed, code version and machine time a CSV comes from.
 */
export interface Manifest {
  /** the CSV file name (no directory) */
  file: string;
  columns: string[];
  rows: number;
  /** the run's parameters (grid, channel, d, …), as given by the producer */
  parameters: Record<string, unknown>;
  /** the root seed, or null for deterministic computations */
  seed: number | string | null;
  package: { name: string; version: string };
  /** the commit the code was at, and whether the working tree had changes; null outside a git checkout */
  git: { commit: string; dirty: boolean } | null;
  node: string;
  /** total compute time over all runs that wrote rows (resumed runs add theirs) */
  runtimeSeconds: number;
  /** ISO time of the first run, and of the latest one */
  created: string;
  updated: string;
}

/** What a producer states about its run; the rest of the manifest is filled in here. */
export interface RunInfo {
  parameters: Record<string, unknown>;
  seed?: number | string | null;
  runtimeSeconds: number;
}

/** Checks a run description before anything is written (so a bad one never leaves a CSV without manifest). */
export function checkRunInfo(run: RunInfo): RunInfo {
  checkNumber("runtimeSeconds", run.runtimeSeconds, { ge: 0 });
  if (typeof run.parameters !== "object" || run.parameters === null) throw new TypeError("parameters must be an object");
  return run;
}

/** `data/x.csv` → `data/x.manifest.json`. */
export function manifestPath(csvPath: string): string {
  return csvPath.replace(/\.csv$/, "") + ".manifest.json";
}

function packageInfo(): Manifest["package"] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

function gitInfo(): Manifest["git"] {
  try {
    const run = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return { commit: run("rev-parse", "HEAD").trim(), dirty: run("status", "--porcelain", "--untracked-files=no").trim() !== "" };
  } catch {
    return null;
  }
}

/** Reads a manifest; undefined when there is none, a DataFileError when it is not valid JSON. */
export function readManifest(csvPath: string): Manifest | undefined {
  const path = manifestPath(csvPath);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch (error) {
    throw new DataFileError(path, `not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Writes the manifest of `csvPath` atomically. With `previous` (a resumed run), the creation time is kept and
 * the runtime adds up.
 */
export function writeManifest(csvPath: string, columns: string[], rows: number, run: RunInfo, previous?: Manifest): Manifest {
  checkRunInfo(run);
  const now = new Date().toISOString();
  const manifest: Manifest = {
    file: csvPath.split(/[\\/]/).pop() ?? csvPath,
    columns,
    rows,
    parameters: run.parameters,
    seed: run.seed ?? null,
    package: packageInfo(),
    git: gitInfo(),
    node: process.version,
    runtimeSeconds: (previous?.runtimeSeconds ?? 0) + run.runtimeSeconds,
    created: previous?.created ?? now,
    updated: now,
  };
  writeFileAtomic(manifestPath(csvPath), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}
