/**
 * Gradient-descent benchmark (issue 5): milliseconds per full-batch Adam step of the student attention layer
 * (forward, autodiff backward, update) at the paper's sizes, for every TensorFlow.js backend available here,
 * one student alone and per student in a group trained together. Medians over the timed steps (after warm-up).
 * Reference: PyTorch 1.13 on one CPU thread of this machine kind (quoted in issue 5, not measured here).
 *
 *   npx tsx bench/gd.bench.ts [steps]      (default 20 timed steps; the cpu backend times 3 at d = 200)
 *   npx tsx bench/gd.bench.ts 20 layers    (only the L-layer table at the end of this file)
 */
import * as tf from "@tensorflow/tfjs";
import { cpus, loadavg } from "node:os";
import { softmax } from "../lib/channels/softmax";
import { availableBackends, useBackend } from "../lib/tensor/backend";
import { trainStudents } from "../lib/gd/train";
import { sampleProblem } from "../lib/model/data";
import { sampleDeepProblem } from "../lib/model/deep";

const PYTORCH_MS: Record<number, number> = { 200: 37, 100: 3.5 }; // issue 5: PyTorch 1.13, one thread
const ALPHA = 0.2;
const RHO = 0.5;
const T = 2;
const GROUP = 8;
const steps = Number(process.argv[2] ?? 20);

/**
 * Wall-clock median per step (what a user waits on an idle machine), and process CPU time per step (user +
 * system over the whole run, including set-up and two loss evaluations, divided by the steps): on a shared,
 * loaded machine the CPU time is the comparable number, since wall time then includes waiting for a core.
 */
async function msPerStep(d: number, backend: string, students: number, timedSteps: number): Promise<{ wall: number; cpu: number; leaked: number }> {
  const { data } = sampleProblem(softmax(T), d, RHO, ALPHA, "bench");
  await useBackend(backend as "wasm");
  await trainStudents(data, { rho: RHO, seed: 0, steps: 2, students, backend: backend as "wasm" }); // warm-up
  const before = tf.memory().numTensors;
  const cpu0 = process.cpuUsage();
  const run = await trainStudents(data, { rho: RHO, seed: 1, steps: timedSteps, students, recordEvery: timedSteps, backend: backend as "wasm" });
  const cpu = process.cpuUsage(cpu0);
  return { wall: run.msPerStep / students, cpu: (cpu.user + cpu.system) / 1000 / timedSteps / students, leaked: tf.memory().numTensors - before };
}

async function main() {
  if (process.argv[3] === "layers") return layeredTable();
  const rows: string[] = [];
  for (const backend of availableBackends()) {
    const info = await useBackend(backend);
    for (const d of [100, 200]) {
      const timed = backend === "cpu" && d === 200 ? 3 : steps;
      const single = await msPerStep(d, backend, 1, timed);
      const group = await msPerStep(d, backend, GROUP, backend === "cpu" ? 2 : Math.max(3, Math.round(timed / 4)));
      const n = Math.round(ALPHA * d * d);
      rows.push(
        `| ${info.label} | ${d} | ${n} | ${single.wall.toFixed(1)} | ${single.cpu.toFixed(1)} | ${group.wall.toFixed(1)} | ${group.cpu.toFixed(1)} | ` +
          `${PYTORCH_MS[d]} | ${(single.cpu / PYTORCH_MS[d]).toFixed(2)} | ${single.leaked + group.leaked} |`,
      );
    }
  }
  console.log(`## Gradient descent: ms per Adam step (ρ = ${RHO}, T = ${T}, α = ${ALPHA}, r = ρd)\n`);
  console.log(
    `| backend | d | n | 1 student: wall median | 1 student: CPU | ${GROUP} together, per student: wall median | ${GROUP} together, per student: CPU | ` +
      `PyTorch 1 thread (issue) | CPU ratio to PyTorch | tensors left |`,
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  rows.forEach((r) => console.log(r));
  console.log(`\nms per Adam step; wall: median over timed steps; CPU: process CPU time / steps; load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores`);
  await layeredTable();
}

// ---- L-layer student (issue 10): ms per Adam step of L = 2 against L = 1 at the same d, n ----------------------

/** Layers compared, K students trained together, timed steps. */
const LAYERED = { layers: [1, 2], students: GROUP, steps: 30, ds: [50, 100], c: 1 } as const;

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
