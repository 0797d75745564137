import { isAbsolute, join, resolve } from "node:path";

/**
 * Repository locations. This file sits in lib/store (run by tsx) or dist/store (compiled), two levels below the
 * repository root either way, so paths resolve the same from the CLI, scripts, tests and notebooks.
 */
export const REPO_ROOT = resolve(__dirname, "..", "..");
export const DATA_DIR = join(REPO_ROOT, "data");
export const FIGURES_DIR = join(REPO_ROOT, "figures");

/** A data file's path: names are taken relative to data/, absolute paths are kept. */
export function dataPath(name: string): string {
  return isAbsolute(name) ? name : join(DATA_DIR, name);
}
