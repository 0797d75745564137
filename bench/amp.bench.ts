/**
 * AMP benchmarks (issue 3): seconds per GAMP-RIE iteration and the achieved GFLOP/s of the two token-matrix
 * products, next to the authors' scripts on this machine kind (5.4 s per iteration for hardmax d = 100, α = 1;
 * 0.51 s for softmax d = 100, α = 0.1, T = 3), and a memory run at d = 200, α = 2, T = 2 (n = 80 000) printing
 * the peak resident set size (target < 1.5 GiB; the authors' dense layout would need n·d²·T²… ≈ 60 GiB).
 *
 * Run: npx tsx bench/amp.bench.ts [iterations] [--memory-only | --speed-only]
 * Per-iteration time is split into the products (h(Ŝ) and Σ g Z), the denoiser (eigendecomposition + RIE map +
 * mmse_S) and the rest (channel scores and their derivatives, Onsager term), each a median.
 */
import { execFileSync } from "node:child_process";
import { gampRie } from "../lib/amp/gamp";
import { rieDenoiseClamped } from "../lib/amp/denoise";
import type { Channel } from "../lib/channels/channel";
import { makeChannel } from "../lib/channels/registry";
import { ProductPrecision, tokenProducts } from "../lib/linalg/token-products";
import { sampleProblem } from "../lib/model/data";
import { mmseS } from "../lib/rmt/mmse";
import { useBackend } from "../lib/tensor/backend";
import { markdownTable, median, timeIt } from "./harness";

const argv = process.argv.slice(2);
const iterations = Number(argv.find((a) => /^\d+$/.test(a)) ?? 8);
/** iterations dropped before timing: JIT warm-up and the first, larger steps */
const WARMUP = 3;
const memoryOnly = argv.includes("--memory-only");
/** set in the child process that measures one precision's memory (a fresh process: peak RSS is per process) */
const memoryPrecision = argv.includes("--memory-child") ? (argv[argv.indexOf("--memory-child") + 1] as ProductPrecision) : undefined;
const speedOnly = argv.includes("--speed-only");

interface Case {
  label: string;
  channel: Channel;
  d: number;
  alpha: number;
  authors?: number;
}

async function speedRow(c: Case, precision: ProductPrecision): Promise<string[]> {
  const { teacher, data } = sampleProblem(c.channel, c.d, 0.5, c.alpha, "bench");
  const { n, T, d, X } = data;
  // full AMP iterations, timed between callbacks (the first WARMUP are dropped: JIT warm-up)
  // process CPU time is recorded too: on a shared machine it is what the iteration costs, wall time what it took
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const stamps: number[] = [performance.now()];
  const cpuStamps: number[] = [cpu()];
  gampRie(c.channel, data, teacher.rho, {
    precision,
    maxIter: iterations + WARMUP,
    tol: 1e-300,
    onIteration: () => {
      stamps.push(performance.now());
      cpuStamps.push(cpu());
    },
  });
  const perIteration = median(stamps.slice(WARMUP + 1).map((t, i) => (t - stamps[i + WARMUP]) / 1000));
  const cpuPerIteration = median(cpuStamps.slice(WARMUP + 1).map((t, i) => t - cpuStamps[i + WARMUP]));
  // the two products on the same sizes
  const products = tokenProducts(X, n, T, d, precision);
  const h = new Float64Array(n * T * T);
  const A = new Float64Array(d * d);
  const seconds = async (run: () => unknown) => (await timeIt(run, { repeats: 3, warmup: 1 })).median / 1000;
  const tIndices = await seconds(() => products.indices(teacher.S, h));
  const tAccumulate = await seconds(() => products.accumulate(data.h, A));
  products.dispose();
  const flopsIndices = 2 * n * T * d * d;
  const flopsAccumulate = n * T * d * (d + 1);
  // the denoiser at a typical Δ
  const R = teacher.S.map((s, i) => s + (i % (d + 1) === 0 ? 0.3 : 0));
  const tDenoise = await seconds(() => {
    rieDenoiseClamped(R, d, 0.5, teacher.rho);
    mmseS(0.5, teacher.rho);
  });
  const rest = Math.max(0, perIteration - tIndices - tAccumulate - tDenoise);
  const speedup = c.authors ? `${(c.authors / perIteration).toFixed(0)}× (${(c.authors / cpuPerIteration).toFixed(0)}×)` : "—";
  return [
    c.label,
    precision,
    String(n),
    `${perIteration.toFixed(3)} (${cpuPerIteration.toFixed(3)})`,
    c.authors ? c.authors.toFixed(2) : "—",
    speedup,
    `${tIndices.toFixed(3)} (${(flopsIndices / tIndices / 1e9).toFixed(2)})`,
    `${tAccumulate.toFixed(3)} (${(flopsAccumulate / tAccumulate / 1e9).toFixed(2)})`,
    tDenoise.toFixed(3),
    rest.toFixed(3),
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
    const cases: Case[] = [];
    const hardmax = makeChannel("hardmax", { T: 2 });
    if (hardmax.gOut) cases.push({ label: "hardmax T = 2, d = 100, α = 1", channel: hardmax, d: 100, alpha: 1, authors: 5.4 });
    else console.log("(hardmax has no AMP score on this branch yet: its row is skipped)");
    cases.push({ label: "softmax T = 3, d = 100, α = 0.1", channel: makeChannel("softmax", { T: 3 }), d: 100, alpha: 0.1, authors: 0.51 });
    cases.push({ label: "softmax T = 2, d = 100, α = 1", channel: makeChannel("softmax", { T: 2 }), d: 100, alpha: 1 });
    cases.push({ label: "softmax T = 2, d = 200, α = 1", channel: makeChannel("softmax", { T: 2 }), d: 200, alpha: 1 });
    const backend = await useBackend();
    console.log(`AMP benchmarks (median over ${iterations} iterations after ${WARMUP} warm-up / 3 repeats; node ${process.version}; 1 thread;`);
    console.log(`float32 products on ${backend.label}; the flop counts are those of the float64 kernels)\n`);
    const rows: string[][] = [];
    for (const c of cases) for (const precision of ["float64", "float32"] as const) rows.push(await speedRow(c, precision));
    const header = ["case", "products", "n", "s / iteration wall (CPU)", "authors s / it", "speed-up wall (CPU)", "h(Ŝ) s (GFLOP/s)", "Σ g Z s (GFLOP/s)", "denoiser s", "channel + rest s"];
    console.log(markdownTable(header, rows));
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
