/**
 * Shared benchmark helpers: median timings of repeated runs and markdown tables, so every bench/*.bench.ts
 * prints the same kind of table (`make bench` runs them all). Times are wall-clock milliseconds.
 */

export interface Timing {
  /** median of the timed runs, ms */
  median: number;
  /** fastest run, ms */
  min: number;
  runs: number;
}

export interface TimeOptions {
  /** timed runs (default 5) */
  repeats?: number;
  /** untimed runs first, to warm up the JIT and caches (default 1) */
  warmup?: number;
}

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("median of an empty list");
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Times `run` (sync or async) `repeats` times after `warmup` untimed runs. */
export async function timeIt(run: () => unknown, options: TimeOptions = {}): Promise<Timing> {
  const repeats = options.repeats ?? 5;
  const warmup = options.warmup ?? 1;
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new RangeError(`repeats must be an integer ≥ 1 (got ${repeats})`);
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return { median: median(times), min: Math.min(...times), runs: repeats };
}

/** "0.42 ms", "12 ms", "1.23 s". */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A markdown table; columns after the first are right-aligned. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const align = header.map((_, i) => (i === 0 ? "---" : "---:"));
  return [header, align, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}
