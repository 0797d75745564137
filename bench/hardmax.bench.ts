/**
 * Hardmax state-evolution benchmarks (issue 4): time per α point and for a 128-point curve, cold (empty integrand
 * caches: grid building and step calibration included) and warm, for both scores, and the iteration counts near
 * the ρ → 0 weak-recovery transition. The authors' Monte-Carlo implementation takes about 55 minutes per point
 * (117 hours per 128-point curve) on this machine kind; target < 50 ms per point.
 * Prints markdown tables of medians. Run: npx tsx bench/hardmax.bench.ts [repeats]
 */
import { clearHardmaxCaches, hardmax, HARDMAX_SCORES } from "../lib/channels/hardmax";
import { logGrid } from "../lib/numeric/grid";
import { rho0Error, rho0Threshold } from "../lib/se/rho0";
import { solveSE, solveSECurve } from "../lib/se/solve";

const repeats = Number(process.argv[2] ?? 3);
const CURVE_POINTS = 128;
const RHO = 0.5;
const CHECK_ALPHA = 0.4364;
const curve = logGrid(0.03, 10, CURVE_POINTS);

function median(run: () => void, cold: boolean): number {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    if (cold) clearHardmaxCaches();
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function main() {
  console.log(`hardmax T = 2 state evolution (median of ${repeats}; node ${process.version}; ρ = ${RHO})\n`);
  console.log("| score | task | cache | ms | ms per point | target |");
  console.log("|---|---|---|---:|---:|---|");
  for (const score of HARDMAX_SCORES) {
    const ch = hardmax(2, score);
    const one = (cold: boolean) => median(() => solveSE(ch, RHO, CHECK_ALPHA), cold);
    const cold1 = one(true);
    const warm1 = one(false);
    const coldCurve = median(() => solveSECurve(ch, RHO, curve), true);
    const warmCurve = median(() => solveSECurve(ch, RHO, curve), false);
    console.log(`| ${score} | one point, α = ${CHECK_ALPHA} | cold | ${cold1.toFixed(1)} | ${cold1.toFixed(1)} | < 50 |`);
    console.log(`| ${score} | one point, α = ${CHECK_ALPHA} | warm | ${warm1.toFixed(1)} | ${warm1.toFixed(1)} | < 50 |`);
    console.log(`| ${score} | ${CURVE_POINTS}-point curve, α ∈ [0.03, 10] | cold | ${coldCurve.toFixed(0)} | ${(coldCurve / CURVE_POINTS).toFixed(1)} | < 50 |`);
    console.log(`| ${score} | ${CURVE_POINTS}-point curve, α ∈ [0.03, 10] | warm | ${warmCurve.toFixed(0)} | ${(warmCurve / CURVE_POINTS).toFixed(1)} | < 50 |`);
  }
  console.log("\nAuthors' Monte-Carlo SE: ≈ 55 min per point, ≈ 117 h per 128-point curve.\n");
  console.log("Near the ρ → 0 weak-recovery transition ᾱ'_c (evaluations of A for the limit; solveSE map evaluations at ρ = 0.05):\n");
  console.log("| score | ᾱ'/ᾱ'_c | ρ → 0 error | evaluations | ρ = 0.05 error | solveSE evaluations | ms (ρ = 0.05) |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const score of HARDMAX_SCORES) {
    const ch = hardmax(2, score);
    const c = rho0Threshold(ch);
    for (const f of [0.9, 0.999, 1.001, 1.01, 1.1, 2]) {
      const limit = rho0Error(ch, c * f);
      const t = performance.now();
      const se = solveSE(ch, 0.05, 0.05 * c * f);
      const ms = performance.now() - t;
      console.log(`| ${score} | ${f} | ${limit.error.toFixed(6)} | ${limit.evaluations} | ${se.mmse.toFixed(6)} | ${se.iterations} | ${ms.toFixed(1)} |`);
    }
  }
}

main();
