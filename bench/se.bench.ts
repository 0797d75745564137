/**
 * State-evolution benchmarks (issue 2): the 256-point softmax curve and a 64 × 64 (ρ, α) error map,
 * timed as medians of repeated runs, side by side with the authors' Python script on this machine kind.
 */
import { softmax } from "../lib/channels/softmax";
import { linGrid, logGrid } from "../lib/numeric/grid";
import { alphaPR, solveSE, solveSECurve } from "../lib/se";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(run: () => void, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const channel = softmax(2);
const rho = 0.5;
const grid = linGrid(1e-5, alphaPR(rho, 2), 256);

const curveWarm = time(() => solveSECurve(channel, rho, grid), 5);
const curveCold = time(() => grid.forEach((a) => solveSE(channel, rho, a)), 5);
const evaluations = solveSECurve(channel, rho, grid).reduce((s, r) => s + r.iterations, 0) / grid.length;

const rhos = logGrid(0.05, 5, 64);
const mapMs = time(() => {
  for (const r of rhos) solveSECurve(channel, r, linGrid(1e-4, 1.05 * alphaPR(r, 2), 64));
}, 3);

const AUTHORS_CURVE_S = 47; // the authors' Python, same 256-point grid, this machine kind (issue 2)
console.log("## State evolution (softmax, T = 2)\n");
console.log("| task | median | authors' Python | ratio |");
console.log("|---|---:|---:|---:|");
console.log(`| 256-point curve, ρ = 0.5, α ∈ linspace(1e-5, α_PR) (warm-started) | ${curveWarm.toFixed(0)} ms | ${AUTHORS_CURVE_S} s | ${((AUTHORS_CURVE_S * 1000) / curveWarm).toFixed(0)}× |`);
console.log(`| same, every point solved cold | ${curveCold.toFixed(0)} ms | ${AUTHORS_CURVE_S} s | ${((AUTHORS_CURVE_S * 1000) / curveCold).toFixed(0)}× |`);
console.log(`| 64 × 64 (ρ, α) map, generic solver | ${mapMs.toFixed(0)} ms | – | – |`);
console.log(`\nmean map evaluations per point on the curve: ${evaluations.toFixed(1)} (bracketing + Brent, tolerance 1e-14)`);
