/**
 * State-evolution benchmarks (issue 2): the 256-point softmax curve on linspace(1e-5, α_PR, 256) at ρ = 0.5, T = 2,
 * and a 64 × 64 (ρ, α) error map, as medians of repeated runs, side by side with the authors' Python script
 * (47 s for the same curve on this machine kind, quoted in issue 2).
 * Run: npx tsx bench/se.bench.ts
 */
import { softmax } from "../lib/channels/softmax";
import { linGrid, logGrid } from "../lib/numeric/grid";
import { softmaxErrorMapRho } from "../lib/phases/maps";
import { alphaPR, solveSE, solveSECurve } from "../lib/se";
import { formatMs, markdownTable, timeIt } from "./harness";

const AUTHORS_CURVE_MS = 47_000;

async function main() {
  const channel = softmax(2);
  const rho = 0.5;
  const grid = linGrid(1e-5, alphaPR(rho, 2), 256);
  const warm = await timeIt(() => solveSECurve(channel, rho, grid));
  const cold = await timeIt(() => grid.forEach((a) => solveSE(channel, rho, a)));
  const evaluations = solveSECurve(channel, rho, grid).reduce((s, r) => s + r.iterations, 0) / grid.length;

  const rhos = logGrid(0.05, 5, 64);
  const alphas = linGrid(0.005, 0.3, 64);
  const mapGeneric = await timeIt(() => rhos.forEach((r) => solveSECurve(channel, r, alphas)), { repeats: 3 });
  const mapParametric = await timeIt(() => softmaxErrorMapRho(rhos, alphas, 2), { repeats: 3 });

  const ratio = (ms: number) => `${(AUTHORS_CURVE_MS / ms).toFixed(0)}×`;
  console.log("## State evolution, softmax T = 2 (medians)\n");
  console.log(
    markdownTable(
      ["task", "this workbook", "authors' Python", "speed-up"],
      [
        ["256-point curve, ρ = 0.5 (bracketing + Brent, warm-started)", formatMs(warm.median), formatMs(AUTHORS_CURVE_MS), ratio(warm.median)],
        ["same, each point solved cold", formatMs(cold.median), formatMs(AUTHORS_CURVE_MS), ratio(cold.median)],
        ["64 × 64 (ρ, α) map, generic solver (any channel)", formatMs(mapGeneric.median), "–", "–"],
        ["64 × 64 (ρ, α) map, softmax parametric table (lib/phases/maps)", formatMs(mapParametric.median), "–", "–"],
      ],
    ),
  );
  console.log(`\nfixed-point map evaluations per curve point: ${evaluations.toFixed(1)} (tolerance 1e-14 on the error)`);
}

main();
