import { availableParallelism } from "node:os";
import { BACKEND_NAMES } from "../../tensor/backend";
import { DEEP_GD_SCHEMA, deepGDRow, listCell } from "../../gd/deep-table";
import { DeepGDPoint, gdPoint, GDPoint } from "../../gd/experiment";
import { GD_SCHEMA } from "../../gd/presets";
import { dataPath } from "../../store/paths";
import { appendTable, pendingPointsInFile, pointKey } from "../../store/table";
import { checkKnownFlags, listFlag, numberFlag, optionalString, stringFlag } from "../args";
import { ARCHITECTURE_FLAGS, ARCHITECTURE_USAGE, architectureFromArgs } from "./architecture";
import type { Command } from "../command";
import { ParameterError } from "../../util/check";
import { progressBar } from "../progress";

const FLAGS = ["d", ...ARCHITECTURE_FLAGS, "train", "T", "alpha", "steps", "lr", "seed", "average", "samples", "backend", "threads", "out"];

export const gdCommand: Command = {
  name: "gd",
  summary: "gradient descent (full-batch Adam) on the student attention layer: single and averaged errors vs SE",
  usage: [
    "aim gd --d D --rho R[,R…] --T T --alpha A[,A…] [--layers L] [--c 1] [--train 1,2…] [--steps 1000] [--lr 0.1]",
    "       [--seed 0] [--average K] [--samples S] [--beta 1] [--backend auto|tensorflow|wasm|cpu] [--threads N]",
    "       [--out FILE.csv]",
    "",
    "For each α: S independent problems (teacher + n = α d² samples, softmax labels), K students each from",
    "independent N(0,1) initializations, trained by full-batch Adam (theory.md §7). Prints one JSON object per α:",
    "{d, rho, T, alpha, alpha_bar, n, r, beta, steps, lr, average, samples, seed, mse_single_mean, mse_single_std,",
    " mse_avg_mean, mse_avg_std, se_mmse, backend, ms_per_step, seconds}.",
    "mse_single_*: (1/d)‖S_k − S*‖² over all students; mse_avg_*: the error of the K-student average, over samples;",
    "se_mmse: Bayes-optimal error (state evolution); ms_per_step: median time of one Adam step of one student.",
    "--threads N: each training runs data-parallel on N worker threads, each holding a contiguous shard of the",
    "samples (default: all cores; 1 trains on this thread); results agree with 1 thread up to float32 rounding.",
    "--out appends each row to a data table (relative to data/) with its manifest, recording this command;",
    "α values already in that table with the same parameters and seed are skipped (resumable).",
    ARCHITECTURE_USAGE,
    "With L > 1 (theory.md §10) teacher and students have L layers, and the JSON adds layers, rho (list), r (list), c,",
    "alpha_count, trained, and per-layer arrays mse_single_layers, mse_avg_layers with their *_std;",
    "mse_single_*/mse_avg_* are then over the trained layers' mean error, and se_mmse is null (no Bayes-optimal",
    "error is known for L > 1). --train 2 trains only layer 2, the others holding the teacher's weights (oracle).",
    "One layer (--layers 1 or omitted) prints the one-layer row: same keys, and with --threads 1 the same numbers.",
  ].join("\n"),
  async run(args, io) {
    checkKnownFlags(args, FLAGS);
    const d = numberFlag(args, "d", { integer: true, ge: 2 });
    const { rhos, c, beta } = architectureFromArgs(args);
    const layers = rhos.length;
    const train = args.flags.has("train") ? listFlag(args, "train", { integer: true, ge: 1, le: layers }) : undefined;
    if (train !== undefined && layers === 1) throw new ParameterError("train", "only with --layers ≥ 2 (one layer is always trained)", train.join(","));
    const T = numberFlag(args, "T", { integer: true, ge: 2 });
    const alphas = listFlag(args, "alpha", { gt: 0 });
    const steps = numberFlag(args, "steps", { integer: true, ge: 1 }, 1000);
    const lr = numberFlag(args, "lr", { gt: 0 }, 0.1);
    const seed = optionalString(args, "seed") ?? "0";
    const average = numberFlag(args, "average", { integer: true, ge: 1 }, 1);
    const samples = numberFlag(args, "samples", { integer: true, ge: 1 }, 1);
    const backend = stringFlag(args, "backend", [...BACKEND_NAMES, "auto"] as const, "auto");
    const threads = numberFlag(args, "threads", { integer: true, ge: 1 }, availableParallelism());
    const out = optionalString(args, "out");
    const argv = [...args.flags].map(([k, v]) => (v === true ? `--${k}` : `--${k} ${v}`));
    const deep = layers > 1;
    const rho = deep ? listCell(rhos) : rhos[0];
    const trained = listCell(train ?? rhos.map((_, l) => l + 1));
    // with --out, α values whose row (same d, ρ, T, protocol and seed) is already in the file are skipped: resumable
    const names = ["d", "rho", "T", "alpha", "steps", "lr", "average", "samples", "beta", "seed"] as const;
    const wanted = alphas.map((alpha) => ({ d, rho, c, trained, T, alpha, steps, lr, average, samples, beta, seed }));
    const todo =
      out === undefined
        ? alphas
        : deep
          ? pendingPointsInFile(dataPath(out), DEEP_GD_SCHEMA, wanted, pointKey(...names, "c", "trained")).map((p) => p.alpha)
          : pendingPointsInFile(dataPath(out), GD_SCHEMA, wanted, pointKey(...names)).map((p) => p.alpha);
    if (todo.length < alphas.length) io.err(`${alphas.length - todo.length} of ${alphas.length} α already in ${out}: skipped\n`);
    for (const alpha of todo) {
      let bar: ReturnType<typeof progressBar> | undefined;
      const point: GDPoint | DeepGDPoint = await gdPoint({
        d, rho: deep ? rhos : rhos[0], c, trained: train, T, alpha, steps, lr, average, samples, beta, backend, threads,
        seed: /^-?\d+$/.test(seed) ? Number(seed) : seed,
        onStep: (done, total) => {
          bar ??= progressBar(total, io, { label: `gd α = ${alpha}` });
          bar.tick();
        },
      });
      bar?.done();
      io.out(JSON.stringify(point));
      if (out !== undefined) {
        const run = { parameters: { command: ["aim", "gd", ...argv].join(" "), backend: point.backend }, seed, runtimeSeconds: point.seconds };
        if ("layers" in point) appendTable(dataPath(out), DEEP_GD_SCHEMA, [deepGDRow(point)], run);
        else appendTable(dataPath(out), GD_SCHEMA, [point], run);
      }
    }
  },
};
