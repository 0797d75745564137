/**
 * The paired float64 check of issue 12 at full size: AMP on the validation problems (lib/cli/commands/data-amp.ts
 * VALIDATION_POINTS: softmax T = 2, 3 and linear T = 2, ρ = 0.5, α below and above α_PR; the same seeds as
 * `aim data amp --set validation`) with the JavaScript float64 kernels and with the WebAssembly SIMD ones, one row
 * per problem in data/amp-kernels-paired.csv: both errors, their difference, iterations and times. The kernels sum
 * the same terms in the same order, so the difference is expected to be exactly 0 (the target is ≤ 1e-12).
 * Resumable: problems already in the file are skipped. test/amp/kernels-paired.test.ts runs the same check at
 * small d.
 *
 *   nice -n 10 npx tsx scripts/amp-kernels-paired.ts [--d 200] [--samples 1] [--threads 1]
 */
import { ampRun } from "../lib/amp/experiment";
import { makeChannel } from "../lib/channels/registry";
import { VALIDATION_POINTS } from "../lib/cli/commands/data-amp";
import { dataPath } from "../lib/store/paths";
import { appendTable, pendingPointsInFile, pointKey } from "../lib/store/table";
import { checkNumber } from "../lib/util/check";

const SCHEMA = {
  channel: "string",
  T: "number",
  d: "number",
  rho: "number",
  alpha: "number",
  seed: "string",
  sample: "number",
  mse_js: "number",
  mse_simd: "number",
  abs_difference: "number",
  iterations_js: "number",
  iterations_simd: "number",
  seconds_js: "number",
  seconds_simd: "number",
  threads_simd: "number",
} as const;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return checkNumber(name, i < 0 ? fallback : Number(process.argv[i + 1]), { integer: true, ge: 1 });
}

function main(): void {
  const d = flag("d", 200);
  const samples = flag("samples", 1);
  const threads = flag("threads", 1);
  const seed = "1"; // the default seed of aim data amp
  const file = dataPath("amp-kernels-paired.csv");
  const problems = VALIDATION_POINTS.flatMap((v) =>
    v.alphas.flatMap((alpha) => Array.from({ length: samples }, (_, sample) => ({ channel: v.channel, T: v.T, d, rho: 0.5, alpha, seed, sample }))),
  );
  const pending = pendingPointsInFile(file, SCHEMA, problems, pointKey("channel", "T", "d", "rho", "alpha", "seed", "sample"));
  console.log(`${pending.length} of ${problems.length} problems to run → ${file}`);
  for (const p of pending) {
    const channel = makeChannel(p.channel, { T: p.T });
    const point = { d: p.d, rho: p.rho, alpha: p.alpha, samples, seed: p.seed };
    const js = ampRun(channel, point, p.sample, { kernels: "js" });
    const simd = ampRun(channel, point, p.sample, { kernels: "simd", threads });
    const row = {
      ...p,
      mse_js: js.mse,
      mse_simd: simd.mse,
      abs_difference: Math.abs(js.mse - simd.mse),
      iterations_js: js.iterations,
      iterations_simd: simd.iterations,
      seconds_js: js.seconds,
      seconds_simd: simd.seconds,
      threads_simd: threads,
    };
    appendTable(file, SCHEMA, [row], { parameters: { d, samples, threads, script: "scripts/amp-kernels-paired.ts" }, seed, runtimeSeconds: js.seconds + simd.seconds });
    console.log(`${p.channel} T = ${p.T} α = ${p.alpha} sample ${p.sample}: mse ${js.mse} (js) ${simd.mse} (simd), |Δ| = ${row.abs_difference}, ${js.seconds.toFixed(1)} s vs ${simd.seconds.toFixed(1)} s`);
  }
}

main();
