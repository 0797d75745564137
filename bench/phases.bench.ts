/**
 * Phase-transition benchmarks (issue 6): a 128 × 128 (ρ, α) softmax error map and a 64-point Bayes test-error
 * curve at T = 2 (target < 5 s each), plus the QMC test error at T = 3 for scale. Prints a markdown table of
 * medians (bench/harness.ts). Run: npx tsx bench/phases.bench.ts [repeats]
 */
import { availableParallelism } from "node:os";
import { softmax } from "../lib/channels/softmax";
import { linGrid, logGrid } from "../lib/numeric/grid";
import { generalizationCurve } from "../lib/phases/generalization";
import { softmaxErrorMapRho, softmaxErrorMapRhoParallel } from "../lib/phases/maps";
import { alphaPR } from "../lib/se/thresholds";
import { formatMs, markdownTable, timeIt } from "./harness";

const repeats = Number(process.argv[2] ?? 3);
const MAP_SIZE = 128;
const CURVE_POINTS = 64;
const TARGET_MS = 5000;

const rhos = logGrid(0.02, 5, MAP_SIZE);
const alphas = linGrid(0.3 / MAP_SIZE, 0.3, MAP_SIZE);
const curveAlphas = (T: number, points: number) => linGrid(0, 1.1 * alphaPR(0.5, T), points);

async function main() {
  const rows: Array<[string, string, string, string]> = [];
  const add = (task: string, threads: string, ms: number, target: boolean) =>
    rows.push([task, threads, formatMs(ms), target ? (ms < TARGET_MS ? "< 5 s: yes" : "< 5 s: NO") : "—"]);
  const options = { repeats, warmup: 1 };
  add(`${MAP_SIZE}×${MAP_SIZE} (ρ, α) softmax error map, T = 2`, "1", (await timeIt(() => softmaxErrorMapRho(rhos, alphas, 2), options)).median, true);
  const workers = availableParallelism();
  add(
    `${MAP_SIZE}×${MAP_SIZE} (ρ, α) softmax error map, T = 2`,
    `${workers} workers`,
    (await timeIt(() => softmaxErrorMapRhoParallel(rhos, alphas, 2, { workers }), options)).median,
    true,
  );
  add(
    `${CURVE_POINTS}-point test-error curve, T = 2, ρ = 0.5 (SE + quadrature)`,
    "1",
    (await timeIt(() => generalizationCurve(softmax(2, 1), 0.5, curveAlphas(2, CURVE_POINTS)), options)).median,
    true,
  );
  add(
    "16-point test-error curve, T = 3, ρ = 0.5 (SE + QMC 4096 × 16)",
    "1",
    (await timeIt(() => generalizationCurve(softmax(3, 1), 0.5, curveAlphas(3, 16)), options)).median,
    false,
  );
  console.log(`phases benchmarks (median of ${repeats} after 1 warm-up; node ${process.version})\n`);
  console.log(markdownTable(["task", "threads", "median", "target"], rows));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
