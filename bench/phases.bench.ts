/**
 * Phase-transition benchmarks (issue 6): a 128 × 128 (ρ, α) softmax error map and a 64-point Bayes test-error
 * curve at T = 2 (target < 5 s each), plus the QMC test error at T = 3 for scale. Prints a markdown table of
 * medians. Run: npx tsx bench/phases.bench.ts [repeats]
 */
import { availableParallelism } from "node:os";
import { softmax } from "../lib/channels/softmax";
import { generalizationCurve } from "../lib/phases/generalization";
import { softmaxErrorMapRho, softmaxErrorMapRhoParallel } from "../lib/phases/maps";
import { alphaPR } from "../lib/se/thresholds";

const repeats = Number(process.argv[2] ?? 3);
const MAP_SIZE = 128;
const CURVE_POINTS = 64;

const rhos = Array.from({ length: MAP_SIZE }, (_, i) => 0.02 * Math.pow(5 / 0.02, i / (MAP_SIZE - 1)));
const alphas = Array.from({ length: MAP_SIZE }, (_, i) => (0.3 * (i + 1)) / MAP_SIZE);
const curveAlphas = (T: number) => Array.from({ length: CURVE_POINTS }, (_, i) => (1.1 * alphaPR(0.5, T) * i) / (CURVE_POINTS - 1));

async function median(run: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    await run();
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main() {
  const rows: Array<[string, string, number, string]> = [];
  const mapSerial = await median(() => softmaxErrorMapRho(rhos, alphas, 2));
  rows.push([`${MAP_SIZE}×${MAP_SIZE} (ρ, α) softmax error map, T = 2`, "1 thread", mapSerial, "< 5 s"]);
  const workers = availableParallelism();
  const mapParallel = await median(() => softmaxErrorMapRhoParallel(rhos, alphas, 2, { workers }));
  rows.push([`${MAP_SIZE}×${MAP_SIZE} (ρ, α) softmax error map, T = 2`, `${workers} workers`, mapParallel, "< 5 s"]);
  const curve2 = await median(() => generalizationCurve(softmax(2, 1), 0.5, curveAlphas(2)));
  rows.push([`${CURVE_POINTS}-point test-error curve, T = 2, ρ = 0.5 (SE + quadrature)`, "1 thread", curve2, "< 5 s"]);
  const curve3 = await median(() => generalizationCurve(softmax(3, 1), 0.5, curveAlphas(3).filter((_, i) => i % 4 === 0)));
  rows.push([`${CURVE_POINTS / 4}-point test-error curve, T = 3 (QMC 4096 × 16)`, "1 thread", curve3, "—"]);
  console.log(`phases benchmarks (median of ${repeats}; node ${process.version})\n`);
  console.log("| task | threads | seconds | target |");
  console.log("|---|---|---|---|");
  for (const [task, threads, s, target] of rows) console.log(`| ${task} | ${threads} | ${s.toFixed(3)} | ${target} |`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
