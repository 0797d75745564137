/**
 * Hardmax state-evolution benchmarks (issue 4): time per α point and for a 128-point curve, cold (empty integrand
 * caches: grid building and step calibration included) and warm, for both scores, and the iteration counts near
 * the ρ → 0 weak-recovery transition. The authors' Monte-Carlo implementation takes about 55 minutes per point
 * (117 hours per 128-point curve) on this machine kind; target < 50 ms per point.
 * Run: npx tsx bench/hardmax.bench.ts [repeats]
 */
import { clearHardmaxCaches, hardmax, HARDMAX_SCORES } from "../lib/channels/hardmax";
import { logGrid } from "../lib/numeric/grid";
import { rho0Error, rho0Threshold } from "../lib/se/rho0";
import { solveSE, solveSECurve } from "../lib/se/solve";
import { formatMs, markdownTable, timeIt } from "./harness";

const repeats = Number(process.argv[2] ?? 3);
const CURVE_POINTS = 128;
const RHO = 0.5;
const CHECK_ALPHA = 0.4364;
const curve = logGrid(0.03, 10, CURVE_POINTS);

async function main() {
  const rows: string[][] = [];
  for (const score of HARDMAX_SCORES) {
    const ch = hardmax(2, score);
    const cases: Array<[string, boolean, () => unknown, number]> = [
      [`one point, α = ${CHECK_ALPHA}`, true, () => solveSE(ch, RHO, CHECK_ALPHA), 1],
      [`one point, α = ${CHECK_ALPHA}`, false, () => solveSE(ch, RHO, CHECK_ALPHA), 1],
      [`${CURVE_POINTS}-point curve, α ∈ [0.03, 10]`, true, () => solveSECurve(ch, RHO, curve), CURVE_POINTS],
      [`${CURVE_POINTS}-point curve, α ∈ [0.03, 10]`, false, () => solveSECurve(ch, RHO, curve), CURVE_POINTS],
    ];
    for (const [task, cold, run, points] of cases) {
      const t = await timeIt(cold ? () => (clearHardmaxCaches(), run()) : run, { repeats, warmup: cold ? 0 : 1 });
      rows.push([score, task, cold ? "cold" : "warm", formatMs(t.median), formatMs(t.median / points), "< 50 ms"]);
    }
  }
  console.log(`hardmax T = 2 state evolution, ρ = ${RHO} (median of ${repeats}; node ${process.version})\n`);
  console.log(markdownTable(["score", "task", "caches", "time", "per point", "target"], rows));
  console.log("\nAuthors' Monte-Carlo SE: ≈ 55 min per point, ≈ 117 h per 128-point curve.\n");

  const near: Array<Array<string | number>> = [];
  for (const score of HARDMAX_SCORES) {
    const ch = hardmax(2, score);
    const c = rho0Threshold(ch);
    for (const f of [0.9, 0.999, 1.001, 1.01, 1.1, 2]) {
      const limit = rho0Error(ch, c * f);
      const t0 = performance.now();
      const se = solveSE(ch, 0.05, 0.05 * c * f);
      near.push([score, f, limit.error.toFixed(6), limit.evaluations, se.mmse.toFixed(6), se.iterations, formatMs(performance.now() - t0)]);
    }
  }
  console.log("Near the ρ → 0 weak-recovery threshold ᾱ'_c (A evaluations of the limit; solveSE map evaluations at ρ = 0.05):\n");
  console.log(markdownTable(["score", "ᾱ'/ᾱ'_c", "ρ → 0 error", "evaluations", "ρ = 0.05 error", "solveSE evaluations", "time (ρ = 0.05)"], near));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
