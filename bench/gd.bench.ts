/**
 * Gradient-descent benchmark (issues 5, 11): milliseconds per full-batch Adam step of the student attention layer
 * (forward, autodiff backward, update; theory.md §7) at d = 100 and 200 (α = 0.2, T = 2, ρ = 0.5), one student and
 * K = 8 students trained together, on ONE thread and data-parallel on ALL cores (lib/gd/parallel.ts), next to
 * PyTorch's one-thread step on the same model measured in the same run (bench/gd_reference.py, when
 * `/usr/bin/python3 -c "import torch"` works). Medians over the timed steps.
 *
 *   npx tsx bench/gd.bench.ts [steps]      (default 20 timed steps)
 *   npx tsx bench/gd.bench.ts 20 layers    (only the L-layer table at the end of this file: L = 2 against L = 1)
 *
 * PyTorch's speed depends on the BLAS it loads: Debian's python3-torch uses whatever libblas.so.3 resolves to, and
 * the netlib reference BLAS (libblas3) is about 20× slower than OpenBLAS. The table says which one ran; for the
 * reference of issue 11 run with OpenBLAS, e.g. LD_LIBRARY_PATH=<dir of OpenBLAS's libblas.so.3> (Debian
 * libopenblas0-pthread: /usr/lib/x86_64-linux-gnu/openblas-pthread).
 */
import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { softmax } from "../lib/channels/softmax";
import { trainStudents } from "../lib/gd/train";
import { sampleProblem } from "../lib/model/data";
import { sampleDeepProblem } from "../lib/model/deep";
import { useBackend } from "../lib/tensor/backend";
import { markdownTable, median } from "./harness";

const ALPHA = 0.2;
const RHO = 0.5;
const T = 2;
const DIMS = [100, 200];
const STUDENTS = [1, 8];
const PYTHON = "/usr/bin/python3";
const steps = Number(process.argv[2] ?? 20);

interface TorchTiming {
  d: number;
  K: number;
  wall_ms: number;
  best_ms: number;
  cpu_ms: number;
  torch: string;
  blas: string;
}

interface StepTiming {
  /** median wall time of one Adam step of the whole group (ms) */
  median: number;
  /** the shortest step (ms): on a shared machine, the closest to an idle machine's step */
  best: number;
}

/** Wall time of the Adam steps of `students` students trained together on `threads` threads. */
async function stepTimes(d: number, students: number, threads: number, timedSteps: number): Promise<StepTiming> {
  const { data } = sampleProblem(softmax(T), d, RHO, ALPHA, "bench");
  const warmup = 3; // kernel compilation and the team's first call
  const times: number[] = [];
  let last = 0;
  await trainStudents(data, {
    rho: RHO,
    seed: 1,
    steps: warmup + timedSteps,
    students,
    recordEvery: warmup + timedSteps,
    threads,
    onStep: (step) => {
      const now = performance.now();
      if (step > warmup) times.push(now - last);
      last = now;
    },
  });
  return { median: median(times), best: Math.min(...times) };
}

/** PyTorch's one-thread steps on the same sizes, or the reason there are none. */
function torchTimings(timedSteps: number): TorchTiming[] | string {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return `PyTorch not measured: \`${PYTHON} -c "import torch"\` failed (${(probe.stderr || String(probe.error)).trim().split("\n").at(-1)})`;
  const args = [join(__dirname, "gd_reference.py"), "--d", DIMS.join(","), "--K", STUDENTS.join(","), "--alpha", String(ALPHA), "--T", String(T), "--rho", String(RHO), "--steps", String(timedSteps)];
  const run = spawnSync(PYTHON, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  if (run.status !== 0) return `PyTorch reference failed: ${run.stderr.trim().split("\n").at(-1)}`;
  return run.stdout.trim().split("\n").map((line) => JSON.parse(line) as TorchTiming);
}

/** The table of issue 11: 1 thread, all cores, PyTorch one thread, and their ratios. */
async function threadsAgainstPyTorch(): Promise<void> {
  const info = await useBackend("auto");
  const cores = availableParallelism();
  const rows: Array<Array<string | number>> = [];
  const ours = new Map<string, { one: StepTiming; all: StepTiming }>();
  for (const d of DIMS) {
    for (const K of STUDENTS) {
      const timed = K === 1 ? steps : Math.max(5, Math.round(steps / 4));
      ours.set(`${d}/${K}`, { one: await stepTimes(d, K, 1, timed), all: await stepTimes(d, K, cores, timed) });
    }
  }
  const torch = torchTimings(steps);
  const cell = (t: StepTiming) => `${t.median.toFixed(1)} (${t.best.toFixed(1)})`;
  const ratio = (a: StepTiming, b: StepTiming) => `${(a.median / b.median).toFixed(2)} (${(a.best / b.best).toFixed(2)})`;
  for (const d of DIMS) {
    for (const K of STUDENTS) {
      const { one, all } = ours.get(`${d}/${K}`)!;
      const found = typeof torch === "string" ? undefined : torch.find((t) => t.d === d && t.K === K);
      const ref = found && { median: found.wall_ms, best: found.best_ms };
      rows.push([d, Math.round(ALPHA * d * d), K, cell(one), cell(all), ratio(one, all), ref ? cell(ref) : "—", ref ? ratio(one, ref) : "—", ref ? ratio(all, ref) : "—"]);
    }
  }
  console.log(`## Gradient descent: ms per Adam step, 1 thread and ${cores} threads against PyTorch (ρ = ${RHO}, T = ${T}, α = ${ALPHA}, r = ρd)\n`);
  console.log(
    markdownTable(
      ["d", "n", "students", "1 thread", `${cores} threads`, "speed-up", "PyTorch 1 thread", "1 thread / PyTorch", `${cores} threads / PyTorch`],
      rows,
    ),
  );
  console.log(
    `\nms per Adam step of the whole group, wall clock: median over the timed steps (shortest step in parentheses; ratios of medians ` +
      `and of shortest steps); ours: ${info.label}, data-parallel over the samples on worker threads for ${cores} threads. ` +
      `Target (issue 11): ${cores} threads / PyTorch ≤ 1.`,
  );
  if (typeof torch === "string") console.log(torch);
  else console.log(`PyTorch ${torch[0].torch}, torch.set_num_threads(1), BLAS: ${torch[0].blas}${/\/blas\/libblas/.test(torch[0].blas) ? " (netlib reference BLAS: slow; see the header of this file)" : ""}`);
  console.log(`load average after the run: ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores (${cpus()[0].model})`);
}

/**
 * Where one single-thread step's time goes: TensorFlow.js kernel times (tf.profile) over a short training at size d,
 * summed by kernel and input shapes, per step (the two recorded losses of the run add two forward passes over
 * `profiled` steps), with the GFLOP/s of the matrix products.
 */
async function stepProfile(d: number, profiled = 10): Promise<void> {
  const { data } = sampleProblem(softmax(T), d, RHO, ALPHA, "bench");
  await trainStudents(data, { rho: RHO, seed: 1, steps: 3 }); // warm-up: kernel compilation
  const info = await tf.profile(async () => {
    await trainStudents(data, { rho: RHO, seed: 1, steps: profiled, recordEvery: profiled });
    return [];
  });
  const byKernel = new Map<string, { ms: number; flops: number }>();
  for (const k of info.kernels) {
    const key = `${k.name} ${k.inputShapes.map((sh) => `[${sh}]`).join("×")}`;
    const shapes = k.inputShapes as number[][];
    // BatchMatMul [b, m, k] × [b, k, n] or × [b, n, k] (Gram products U Uᵀ): 2 b m k n floating-point operations
    let flops = 0;
    if (k.name === "BatchMatMul") {
      const [a, b] = shapes;
      const inner = a.at(-1)!;
      const cols = b.at(-2) === inner ? b.at(-1)! : b.at(-2)!;
      flops = 2 * a.slice(0, -1).reduce((x, y) => x * y, 1) * inner * cols;
    }
    const entry = byKernel.get(key) ?? { ms: 0, flops: 0 };
    entry.ms += (k.kernelTimeMs as number) / profiled;
    entry.flops += flops / profiled;
    byKernel.set(key, entry);
  }
  // customGrad scopes ("unnamed scope") contain the kernels they run: leave them out of the sums
  const kernels = [...byKernel.entries()].filter(([key]) => !key.startsWith("unnamed"));
  const total = kernels.reduce((a, [, v]) => a + v.ms, 0);
  const rows = kernels
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 8)
    .map(([key, v]) => [key, v.ms.toFixed(2), `${((100 * v.ms) / total).toFixed(0)}%`, v.flops ? (v.flops / v.ms / 1e6).toFixed(1) : ""]);
  console.log(`\n### Where a one-thread step goes at d = ${d} (α = ${ALPHA}, one student): kernel times per step, ${total.toFixed(1)} ms in all\n`);
  console.log(markdownTable(["kernel [input shapes]", "ms per step", "share", "GFLOP/s"], rows));
}

async function main() {
  if (process.argv[3] === "layers") return layeredTable();
  if (!process.env.PROFILE_ONLY) await threadsAgainstPyTorch();
  await stepProfile(100);
  if (!process.env.PROFILE_ONLY) await layeredTable();
}

// ---- L-layer student (issue 10): ms per Adam step of L = 2 against L = 1 at the same d, n ----------------------

/** Layers compared, K students trained together, timed steps. */
const LAYERED = { layers: [1, 2], students: STUDENTS[1], steps: 30, ds: [50, 100], c: 1 } as const;

/** Wall median and CPU per Adam step of K students with L layers of width ρd (auto backend, one thread). */
async function layeredStep(d: number, L: number): Promise<{ wall: number; cpu: number }> {
  const rhos = new Array<number>(L).fill(RHO);
  const { data } = sampleDeepProblem(d, { rhos, c: LAYERED.c, beta: 1 }, T, ALPHA, "bench-layers");
  const options = { rho: rhos, c: LAYERED.c, students: LAYERED.students };
  await trainStudents(data, { ...options, seed: 0, steps: 2 }); // warm-up
  const cpu0 = process.cpuUsage();
  const run = await trainStudents(data, { ...options, seed: 1, steps: LAYERED.steps, recordEvery: LAYERED.steps });
  const cpu = process.cpuUsage(cpu0);
  return { wall: run.msPerStep, cpu: (cpu.user + cpu.system) / 1000 / LAYERED.steps };
}

/**
 * The L-layer student should cost about L times the one-layer student (L index computations and their gradients;
 * the T×T recursion is O(n K T³), negligible next to the O(n T d K r) projections). Both sizes run back to back so
 * the ratio is measured under the same machine load.
 */
async function layeredTable(): Promise<void> {
  const info = await useBackend("auto");
  const rows: string[] = [];
  for (const d of LAYERED.ds) {
    const [one, two] = [await layeredStep(d, LAYERED.layers[0]), await layeredStep(d, LAYERED.layers[1])];
    rows.push(
      `| ${info.label} | ${d} | ${Math.round(ALPHA * d * d)} | ${one.wall.toFixed(1)} | ${two.wall.toFixed(1)} | ${(two.wall / one.wall).toFixed(2)} | ` +
        `${one.cpu.toFixed(1)} | ${two.cpu.toFixed(1)} | ${(two.cpu / one.cpu).toFixed(2)} |`,
    );
  }
  console.log(`\n## L-layer student: ms per Adam step of ${LAYERED.students} students together, L = 2 vs L = 1 (ρ = ${RHO} per layer, c = ${LAYERED.c}, T = ${T}, α = ${ALPHA})\n`);
  console.log("| backend | d | n | L = 1: wall median | L = 2: wall median | wall ratio | L = 1: CPU | L = 2: CPU | CPU ratio |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  rows.forEach((r) => console.log(r));
  console.log(`\n${LAYERED.steps} timed steps each; load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores (shared machine)`);
}

// ---- end of the L-layer student part ----------------------------------------------------------------------------

main();
