import { AMP_TABLE_SCHEMA, AmpRun, AmpSummary, ampTask, AmpTask, channelVariant, summarizeRuns } from "../../amp/experiment";
import { mapInWorkers } from "../../parallel/pool";
import type { Channel } from "../../channels/channel";
import { kappa } from "../../channels/channel";
import { makeChannel } from "../../channels/registry";
import { logGrid } from "../../numeric/grid";
import { solveSE } from "../../se/solve";
import { dataPath } from "../../store/paths";
import { readManifest } from "../../store/manifest";
import { appendTable, pendingPointsInFile, pointKey } from "../../store/table";
import { checkChoice, ParameterError } from "../../util/check";
import { checkKnownFlags, listFlag, numberFlag, optionalString, stringFlag } from "../args";
import type { IO } from "../command";
import { progressBar } from "../progress";
import { ampOptionsFromArgs, prepareProducts } from "./amp";
import type { DataSubcommand } from "./data";

/**
 * `aim data amp`: the AMP points of the paper's figures (theory.md §8) and the hardmax score question, one row per
 * parameter point (mean and spread over `samples` problems, the SE error at the same point), resumable: a point
 * already in the file with the same parameters is skipped.
 *
 *  - softmax:  ρ = 0.5, T = 2, 3, 4, ᾱ = α κ(T) on a grid over [0.05, 1]          → data/amp-softmax.csv
 *  - hardmax:  T = 2, exact score, ρ ∈ {0.1, 0.2, 0.5, 1, 2}, α ∈ logspace(0.03, 8, 32) → data/amp-hardmax.csv
 *  - question: hardmax exact-score AMP at d ∈ {100, 200}, ρ ∈ {0.5, 1}, α ∈ {0.5, 1, 2}, with both SE variants
 *                                                                                   → data/hardmax-question.csv
 *  - validation: softmax T = 2, 3 and linear T = 2 at d = 200, ρ = 0.5, α below and above α_PR
 *                                                                                   → data/amp-validation.csv
 */
export const AMP_SETS = ["softmax", "hardmax", "question", "validation"] as const;
type AmpSet = (typeof AMP_SETS)[number];


const FILES: Record<AmpSet, string> = {
  softmax: "amp-softmax.csv",
  hardmax: "amp-hardmax.csv",
  question: "hardmax-question.csv",
  validation: "amp-validation.csv",
};

/**
 * The validation points (issue 3): ρ = 0.5, three α below the perfect-recovery threshold and one above, for
 * softmax T = 2 (α_PR = 0.1875), softmax T = 3 (α_PR = 0.075) and the noiseless linear channel T = 2
 * (α_PR = (2ρ − ρ²)/(T(T+1)) = 0.125).
 */
export const VALIDATION_POINTS: ReadonlyArray<{ channel: "softmax" | "linear"; T: number; alphas: number[] }> = [
  { channel: "softmax", T: 2, alphas: [0.05, 0.1, 0.15, 0.25] },
  { channel: "softmax", T: 3, alphas: [0.02, 0.04, 0.06, 0.1] },
  { channel: "linear", T: 2, alphas: [0.03, 0.06, 0.09, 0.15] },
];

interface Job {
  channel: Channel;
  d: number;
  rho: number;
  alpha: number;
}

function jobsFor(set: AmpSet, args: Parameters<typeof numberFlag>[0]): Job[] {
  const jobs: Job[] = [];
  if (set === "validation") {
    const d = numberFlag(args, "d", { integer: true, ge: 2 }, 200);
    const Ts = new Set(listFlag(args, "T", { integer: true, ge: 2 }, [2, 3]));
    const names = new Set(optionalString(args, "channel")?.split(",") ?? ["softmax", "linear"]);
    const only = args.flags.has("alpha") ? new Set(listFlag(args, "alpha", { gt: 0 })) : undefined;
    for (const v of VALIDATION_POINTS) {
      if (!Ts.has(v.T) || !names.has(v.channel)) continue;
      for (const alpha of v.alphas) if (!only || only.has(alpha)) jobs.push({ channel: makeChannel(v.channel, { T: v.T }), d, rho: 0.5, alpha });
    }
  } else if (set === "softmax") {
    const d = numberFlag(args, "d", { integer: true, ge: 2 }, 100);
    const Ts = listFlag(args, "T", { integer: true, ge: 2 }, [2, 3, 4]);
    const rhos = listFlag(args, "rho", { gt: 0 }, [0.5]);
    const alphaBars = listFlag(args, "alpha-bar", { gt: 0 }, [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    for (const T of Ts) for (const rho of rhos) for (const ab of alphaBars) jobs.push({ channel: makeChannel("softmax", { T }), d, rho, alpha: ab / kappa(T) });
  } else {
    const hardmax = makeChannel("hardmax", { T: 2, score: "exact" });
    const ds = set === "question" ? listFlag(args, "d", { integer: true, ge: 2 }, [100, 200]) : [numberFlag(args, "d", { integer: true, ge: 2 }, 100)];
    const rhos = listFlag(args, "rho", { gt: 0 }, set === "question" ? [0.5, 1] : [0.1, 0.2, 0.5, 1, 2]);
    const alphas = listFlag(args, "alpha", { gt: 0 }, set === "question" ? [0.5, 1, 2] : logGrid(0.03, 8, 32));
    for (const d of ds) for (const rho of rhos) for (const alpha of alphas) jobs.push({ channel: hardmax, d, rho, alpha });
  }
  return jobs;
}

const key = pointKey("variant", "T", "d", "rho", "alpha", "samples", "precision");

export const ampData: DataSubcommand = {
  summary: "AMP points of the paper figures and the hardmax score question (data/amp-*.csv, data/hardmax-question.csv)",
  usage: [
    "aim data amp [--set softmax|hardmax|question|validation|all] [--d D] [--samples K] [--seed N]",
    "             [--T 2,3,4] [--rho list] [--alpha list|log:A:B:N] [--alpha-bar list] [--max-iter N] [--damping X]",
    "             [--channel softmax,linear] (validation only: which channels; --alpha then selects among its points)",
    "             [--file NAME] (with one --set: data/NAME, or an absolute path, instead of data/<set file>) [--precision float64|float32]",
    "             [--kernels simd|js] (float64 products: WebAssembly SIMD or the JavaScript reference, bitwise the same rows)",
    "             [--workers N] (problems run on N worker threads; default: all cores; 0 runs them inline)",
    "Defaults: softmax d = 100, ρ = 0.5, T = 2,3,4, ᾱ = 0.05,0.1,…,1, 8 samples; hardmax d = 100, ρ = 0.1,0.2,0.5,1,2,",
    "α = logspace(0.03, 8, 32), 16 samples; question d = 100,200, ρ = 0.5,1, α = 0.5,1,2, 8 samples; validation d = 200, 8 samples. Resumable.",
  ].join("\n"),
  async run(args, io) {
    checkKnownFlags(args, ["set", "d", "samples", "seed", "T", "rho", "alpha", "alpha-bar", "channel", "max-iter", "damping", "tol", "file", "precision", "kernels", "workers"]);
    const which = stringFlag(args, "set", [...AMP_SETS, "all"] as const, "all");
    const sets: AmpSet[] = which === "all" ? [...AMP_SETS] : [checkChoice("set", which, AMP_SETS)];
    const file = optionalString(args, "file");
    if (file !== undefined && sets.length > 1) throw new ParameterError("file", "given only together with one --set", file);
    const products = await prepareProducts(ampOptionsFromArgs(args));
    for (const set of sets) await runSet(set, args, io, dataPath(file ?? FILES[set]), products);
  },
};

async function runSet(set: AmpSet, args: Parameters<typeof numberFlag>[0], io: IO, file: string, products: string): Promise<void> {
  const samples = numberFlag(args, "samples", { integer: true, ge: 1 }, set === "hardmax" ? 16 : 8);
  const workers = args.flags.has("workers") ? numberFlag(args, "workers", { integer: true, ge: 0 }) : undefined;
  const seed = optionalString(args, "seed") ?? "1";
  const options = ampOptionsFromArgs(args);
  const jobs = jobsFor(set, args);
  const withKeys = jobs.map((j) => ({ ...j, variant: channelVariant(j.channel), T: j.channel.T, samples, precision: options.precision! }));
  const pending = pendingPointsInFile(file, AMP_TABLE_SCHEMA, withKeys, key);
  io.err(`aim data amp: ${set}: ${pending.length} of ${jobs.length} points to compute → ${file}\n`);
  const progress = progressBar(pending.length * samples, io, { label: `amp ${set}` });
  // the manifest lists every run that wrote rows (a table can hold several: other d, other sample counts)
  const thisRun = {
    started: new Date().toISOString(),
    samples,
    options,
    products,
    points: jobs.map((j) => ({ channel: j.channel.name, T: j.channel.T, d: j.d, rho: j.rho, alpha: j.alpha })),
  };
  // every problem of every pending point is one task; results arrive in task order, so a point's row is written
  // as soon as its last problem is in (an interrupted run keeps every finished point)
  const tasks: AmpTask[] = [];
  for (const job of pending) {
    const point = { d: job.d, rho: job.rho, alpha: job.alpha, samples, seed };
    for (let s = 0; s < samples; s++) tasks.push(ampTask(job.channel, point, s, options));
  }
  let runs: AmpRun[] = [];
  let pointStart = performance.now();
  await mapInWorkers<AmpTask, AmpRun>(require.resolve("../../amp/experiment"), "runAmpTask", tasks, {
    workers,
    onResult(index, run) {
      progress.tick();
      runs.push(run);
      if (runs.length < samples) return;
      const job = pending[Math.floor(index / samples)];
      const summary = summarizeRuns(job.channel, tasks[index].point, runs);
      const published = job.channel.name === "hardmax" ? solveSE(makeChannel("hardmax", { T: 2, score: "published" }), job.rho, job.alpha).mmse : NaN;
      const row = { ...toRow(summary, published, seed, options.damping!, options.maxIter!), precision: options.precision! };
      appendTable(file, AMP_TABLE_SCHEMA, [row], {
        parameters: { set, runs: runsWith(file, thisRun) },
        seed,
        runtimeSeconds: (performance.now() - pointStart) / 1000,
      });
      runs = [];
      pointStart = performance.now();
    },
  });
  progress.done();
}

/** The runs recorded in the table's manifest, with `run` added once. */
function runsWith(file: string, run: { started: string }): unknown[] {
  const previous = (readManifest(file)?.parameters.runs as Array<{ started: string }> | undefined) ?? [];
  return previous.some((r) => r.started === run.started) ? previous : [...previous, run];
}

function toRow(s: AmpSummary, published: number, seed: string, damping: number, maxIter: number) {
  return {
    channel: s.channel,
    variant: s.variant,
    d: s.d,
    rho: s.rho,
    T: s.T,
    alpha: s.alpha,
    alpha_bar: s.alpha * kappa(s.T),
    samples: s.samples,
    mse_mean: s.mse_mean,
    mse_std: s.mse_std,
    mse_sem: s.mse_sem,
    se_mmse: s.se_mmse,
    se_mmse_published: published,
    iterations_median: s.iterations_median,
    converged_fraction: s.converged_fraction,
    diverged: s.diverged,
    seconds: s.seconds,
    seed,
    damping,
    max_iter: maxIter,
  };
}
