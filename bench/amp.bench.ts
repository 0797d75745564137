/**
 * AMP benchmarks (issues 3 and 12): seconds per GAMP-RIE iteration for each product engine, the achieved GFLOP/s
 * of the two token-matrix products, the time split of an iteration, and the authors' per-iteration times as the
 * reference column; then a memory run at d = 200, α = 2, T = 2 (n = 80 000) printing the peak resident set size
 * (target < 1.5 GiB; the authors' dense layout would need n·d²·T² float64 ≈ 95 GiB).
 *
 * Run: npx tsx bench/amp.bench.ts [iterations] [--memory-only | --speed-only] [--case N]
 *
 * Engines per case: float64 JavaScript kernels (the reference), float64 WebAssembly SIMD on one thread, the same
 * on all cores (products split over a worker team; identical results), float32 (TensorFlow.js wasm). Each row
 * times full AMP iterations (median over `iterations` after WARMUP dropped), wall and process CPU time, splits the
 * iteration's wall time as gampRie records it into the products, the denoiser (eigendecomposition, RIE map,
 * rebuild, mmse_S) and the rest (channel scores and their derivatives, Onsager term), and times each product alone
 * on the same sizes (wall, CPU, GFLOP/s).
 */
import { execFileSync } from "node:child_process";
import { availableParallelism, cpus } from "node:os";
import { AmpIteration, gampRie } from "../lib/amp/gamp";
import type { Channel } from "../lib/channels/channel";
import { makeChannel } from "../lib/channels/registry";
import { Float64Kernels, ProductPrecision, tokenProducts } from "../lib/linalg/token-products";
import { sampleProblem } from "../lib/model/data";
import { useBackend } from "../lib/tensor/backend";
import { markdownTable, median } from "./harness";

const argv = process.argv.slice(2);
const iterations = Number(argv.find((a, i) => /^\d+$/.test(a) && argv[i - 1] !== "--case") ?? 8);
/** iterations dropped before timing: JIT warm-up and the first, larger steps */
const WARMUP = 3;
/** timed runs of each product alone */
const REPEATS = 5;
const memoryOnly = argv.includes("--memory-only");
/** set in the child process that measures one precision's memory (a fresh process: peak RSS is per process) */
const memoryPrecision = argv.includes("--memory-child") ? (argv[argv.indexOf("--memory-child") + 1] as ProductPrecision) : undefined;
const speedOnly = argv.includes("--speed-only");
const onlyCase = argv.includes("--case") ? Number(argv[argv.indexOf("--case") + 1]) : undefined;

/**
 * The authors' per-iteration times (seconds), the reference column. Measured by the issue-12 session on this
 * machine kind (AMD EPYC, 2 cores, idle) with the authors' scripts on Debian's numpy/scipy: one AMP iteration
 * timed over 3–4 iterations after data generation. The hardmax run peaked at 9.5 GB; the softmax d = 200 case ran
 * out of memory (its dense n·T²·d² sensing tensor). Their code cannot run here, hence constants.
 */
const AUTHORS = {
  softmaxT3: { seconds: 0.354, note: "" },
  hardmax: { seconds: 9.64, note: " (9.5 GB)" },
  softmaxD200: { seconds: NaN, note: "out of memory" },
} as const;

interface Case {
  label: string;
  channel: Channel;
  d: number;
  alpha: number;
  authors: { seconds: number; note: string };
}

interface Engine {
  label: string;
  precision: ProductPrecision;
  kernels: Float64Kernels;
  threads: number;
}

const THREADS = availableParallelism();
const ENGINES: Engine[] = [
  { label: "float64 js", precision: "float64", kernels: "js", threads: 1 },
  { label: "float64 simd", precision: "float64", kernels: "simd", threads: 1 },
  { label: `float64 simd ×${THREADS}`, precision: "float64", kernels: "simd", threads: THREADS },
  { label: "float32", precision: "float32", kernels: "simd", threads: 1 },
];

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Median wall and process-CPU seconds of `run` over REPEATS runs after one warm-up. */
function timeBoth(run: () => unknown): { wall: number; cpu: number } {
  run();
  const wall: number[] = [];
  const used: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const w = performance.now();
    const c = cpu();
    run();
    used.push(cpu() - c);
    wall.push((performance.now() - w) / 1000);
  }
  return { wall: median(wall), cpu: median(used) };
}

async function speedRow(c: Case, engine: Engine): Promise<string[]> {
  const { teacher, data } = sampleProblem(c.channel, c.d, 0.5, c.alpha, "bench");
  const { n, T, d, X } = data;
  const options = { precision: engine.precision, kernels: engine.kernels, threads: engine.threads };
  // full AMP iterations, timed between callbacks (the first WARMUP are dropped: JIT warm-up);
  // process CPU time too (all threads): on a shared machine it is what the iteration costs, wall time what it took
  const stamps: number[] = [performance.now()];
  const cpuStamps: number[] = [cpu()];
  const records: AmpIteration[] = [];
  gampRie(c.channel, data, teacher.rho, {
    ...options,
    maxIter: iterations + WARMUP,
    tol: 1e-300,
    onIteration: (record) => {
      stamps.push(performance.now());
      cpuStamps.push(cpu());
      records.push(record);
    },
  });
  const perIteration = median(stamps.slice(WARMUP + 1).map((t, i) => (t - stamps[i + WARMUP]) / 1000));
  const cpuPerIteration = median(cpuStamps.slice(WARMUP + 1).map((t, i) => t - cpuStamps[i + WARMUP]));
  // where the iteration's wall time goes, measured inside it (lib/amp/gamp.ts records it per iteration)
  const timed = records.slice(WARMUP);
  const split = [
    median(timed.map((r) => r.msProducts)),
    median(timed.map((r) => r.msDenoiser)),
    median(timed.map((r) => r.ms - r.msProducts - r.msDenoiser)),
  ];
  // the two products alone on the same sizes: wall and process CPU time (all threads)
  const products = tokenProducts(X, n, T, d, engine.precision, options);
  const h = new Float64Array(n * T * T);
  const A = new Float64Array(d * d);
  const iIndices = timeBoth(() => products.indices(teacher.S, h));
  const iAccumulate = timeBoth(() => products.accumulate(data.h, A));
  products.dispose();
  const flopsIndices = 2 * n * T * d * d;
  const flopsAccumulate = n * T * d * (d + 1);
  const authors = c.authors.seconds;
  const speedup = Number.isFinite(authors) ? `${(authors / perIteration).toFixed(0)}× (${(authors / cpuPerIteration).toFixed(0)}×)` : "—";
  const ms = (t: number) => (1000 * t).toFixed(t < 0.01 ? 2 : 1);
  const both = (t: { wall: number; cpu: number }) => `${ms(t.wall)} (${ms(t.cpu)})`;
  const msCell = (x: number) => x.toFixed(x < 10 ? 1 : 0);
  // GFLOP/s per CPU-second: per core when several threads share the work
  const product = (t: { wall: number; cpu: number }, flops: number) => `${both(t)} ${(flops / t.wall / 1e9).toFixed(1)} (${(flops / t.cpu / 1e9).toFixed(1)})`;
  return [
    c.label,
    engine.label,
    String(n),
    `${perIteration.toFixed(4)} (${cpuPerIteration.toFixed(4)})`,
    Number.isFinite(authors) ? `${authors}${c.authors.note}` : c.authors.note,
    speedup,
    split.map(msCell).join(" / "),
    product(iIndices, flopsIndices),
    product(iAccumulate, flopsAccumulate),
  ];
}

async function memoryRun(precision: ProductPrecision): Promise<void> {
  const d = 200, alpha = 2, T = 2;
  if (precision === "float32") await useBackend();
  const channel = makeChannel("softmax", { T });
  let peak = process.memoryUsage().rss;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const t0 = performance.now();
  const { teacher, data } = sampleProblem(channel, d, 0.5, alpha, "memory");
  sample();
  const result = gampRie(channel, data, teacher.rho, { maxIter: 2, tol: 1e-300, truth: teacher.S, onIteration: sample, precision });
  sample();
  const maxRss = process.resourceUsage().maxRSS * 1024; // kB → bytes, the kernel's high-water mark
  const gib = (b: number) => (b / 2 ** 30).toFixed(2);
  const dense = data.n * T * T * d * d * 8; // the authors' n × T² × d² float64 sensing tensor
  console.log(`\nmemory, ${precision} products: d = ${d}, α = ${alpha}, T = ${T}, n = ${data.n}: ${result.iterations} AMP iterations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(
    markdownTable(
      ["quantity", "GiB"],
      [
        ["peak RSS (kernel high-water mark)", gib(maxRss)],
        ["peak RSS sampled during the run", gib(peak)],
        ["tokens X (n·T·d float64)", gib(data.X.byteLength)],
        ["dense sensing tensor n·T²·d² float64 (not formed)", gib(dense)],
      ],
    ),
  );
  console.log(`target: peak RSS < 1.5 GiB → ${maxRss < 1.5 * 2 ** 30 ? "met" : "NOT met"}`);
}

async function main(): Promise<void> {
  if (memoryPrecision) return memoryRun(memoryPrecision);
  if (!memoryOnly) {
    const cases: Case[] = [
      { label: "softmax T = 3, d = 100, α = 0.1", channel: makeChannel("softmax", { T: 3 }), d: 100, alpha: 0.1, authors: AUTHORS.softmaxT3 },
      { label: "hardmax T = 2, d = 100, α = 1", channel: makeChannel("hardmax", { T: 2 }), d: 100, alpha: 1, authors: AUTHORS.hardmax },
      { label: "softmax T = 2, d = 200, α = 1", channel: makeChannel("softmax", { T: 2 }), d: 200, alpha: 1, authors: AUTHORS.softmaxD200 },
    ];
    const backend = await useBackend();
    console.log(`AMP benchmarks on ${cpus()[0]?.model ?? "?"} (${THREADS} cores; node ${process.version}): median over ${iterations} iterations after ${WARMUP} warm-up,`);
    console.log(`float32 products on ${backend.label}. Times are wall (process CPU, all threads); the split of an iteration is its wall`);
    console.log(`time inside gampRie (medians); product cells time each product alone (median of ${REPEATS}): ms wall (CPU), then`);
    console.log("GFLOP/s per wall second (per CPU second = per core), counting the float64");
    console.log("kernels' flops (2nTd² for h(Ŝ), nTd(d+1) for Σ g Z); speed-up = authors / this per iteration, wall (CPU)\n");
    const header = ["case", "products", "n", "s / iteration", "authors s / it", "speed-up", "iteration ms: products / denoiser / channel + rest", "h(Ŝ) ms, GFLOP/s", "Σ g Z ms, GFLOP/s"];
    // the table is printed row by row as the cases finish (the d = 200 JavaScript row takes about a minute)
    console.log(markdownTable(header, []));
    const selected = onlyCase === undefined ? cases : [cases[onlyCase]];
    for (const c of selected) for (const engine of ENGINES) console.log(markdownTable(header, [await speedRow(c, engine)]).split("\n")[2]);
    console.log("\ntargets (issue 12): float64 ≥ 20× the authors per iteration on every case; float64 products ≥ 10 GFLOP/s on one core");
  }
  if (!speedOnly) {
    // one fresh process per precision, so that each peak RSS is that run's own
    for (const precision of ["float64", "float32"] as const) {
      const out = execFileSync(process.execPath, [...process.execArgv, __filename, "--memory-child", precision], { encoding: "utf8" });
      process.stdout.write(out);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
