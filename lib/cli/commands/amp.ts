import { ampPoint } from "../../amp/experiment";
import { AmpOptions, DEFAULT_DAMPING } from "../../amp/gamp";
import { HARDMAX_SCORES } from "../../channels/hardmax";
import { CHANNEL_NAMES, makeChannel } from "../../channels/registry";
import { availableParallelism } from "node:os";
import { FLOAT64_KERNELS, PRODUCT_PRECISIONS } from "../../linalg/token-products";
import { useBackend } from "../../tensor/backend";
import { checkKnownFlags, numberFlag, optionalString, stringFlag } from "../args";
import type { Command } from "../command";
import { progressBar } from "../progress";

/** Reads the AMP options shared by `aim amp` and `aim data amp`. */
export function ampOptionsFromArgs(args: Parameters<typeof numberFlag>[0]): AmpOptions {
  return {
    maxIter: numberFlag(args, "max-iter", { integer: true, ge: 1 }, 200),
    damping: numberFlag(args, "damping", { ge: 0, lt: 1 }, DEFAULT_DAMPING),
    tol: numberFlag(args, "tol", { gt: 0 }, 1e-5),
    precision: stringFlag(args, "precision", PRODUCT_PRECISIONS, "float64"),
    kernels: stringFlag(args, "kernels", FLOAT64_KERNELS, "simd"),
  };
}

/** Starts the TensorFlow.js backend when the options ask for float32 products; returns what does the arithmetic. */
export async function prepareProducts(options: AmpOptions): Promise<string> {
  if (options.precision !== "float32") {
    const threads = options.threads ?? 1;
    return options.kernels === "js" ? "float64 js" : `float64 wasm simd${threads > 1 ? `, ${threads} threads` : ""}`;
  }
  const info = await useBackend();
  if (info.name === "cpu") throw new Error("precision float32 needs the wasm or native TensorFlow.js backend; neither could start");
  return `float32 ${info.label}`;
}

export const ampCommand: Command = {
  name: "amp",
  summary: "GAMP-RIE on sampled problems, against the state-evolution error at the same parameters",
  usage: [
    "aim amp --channel softmax|hardmax|linear --d D --rho R --T T --alpha A [--seed N] [--samples K]",
    "        [--score exact|published] [--beta B] [--noise S] [--max-iter N] [--damping X] [--tol X]",
    "        [--precision float64|float32] [--kernels simd|js] [--threads N]",
    "",
    "Runs AMP (theory.md §6) on K independent problems (teacher, n = α d² samples, labels) and prints one JSON",
    "object: {channel, variant, d, rho, T, alpha, samples, mse_mean, mse_std, mse_sem, se_mmse,",
    "iterations_median, converged_fraction, diverged, seconds, ms_per_iteration, precision, products, threads}.",
    "mse is (1/d)‖Ŝ − S‖²; se_mmse the SE prediction; ms_per_iteration the median wall time of one iteration",
    "(data generation excluded). Defaults: --samples 1 --seed 1 --max-iter 200 --damping 0.5 --tol 1e-5",
    "--precision float64 --kernels simd --threads <all cores>. Progress on stderr.",
    "float64 products run in WebAssembly SIMD (--kernels js: the JavaScript reference, bitwise the same results),",
    "split over --threads threads (same results for any N). --precision float32 runs the two token-matrix GEMMs",
    "in TensorFlow.js on one thread, everything else in float64; data/amp-precision.csv compares both precisions.",
  ].join("\n"),
  async run(args, io) {
    checkKnownFlags(args, ["channel", "d", "rho", "T", "alpha", "seed", "samples", "score", "beta", "noise", "max-iter", "damping", "tol", "precision", "kernels", "threads"]);
    const channel = makeChannel(stringFlag(args, "channel", CHANNEL_NAMES, "softmax"), {
      T: numberFlag(args, "T", { integer: true, ge: 2 }, 2),
      beta: numberFlag(args, "beta", { gt: 0 }, 1),
      score: stringFlag(args, "score", HARDMAX_SCORES, "exact"),
      noise: numberFlag(args, "noise", { ge: 0 }, 0),
    });
    const point = {
      d: numberFlag(args, "d", { integer: true, ge: 2 }),
      rho: numberFlag(args, "rho", { gt: 0 }),
      alpha: numberFlag(args, "alpha", { gt: 0 }),
      samples: numberFlag(args, "samples", { integer: true, ge: 1 }, 1),
      seed: optionalString(args, "seed") ?? "1",
    };
    const options = ampOptionsFromArgs(args);
    // threads apply to the float64 SIMD kernels; one thread otherwise
    const parallel = options.precision === "float64" && options.kernels === "simd";
    options.threads = numberFlag(args, "threads", { integer: true, ge: 1 }, parallel ? availableParallelism() : 1);
    const products = await prepareProducts(options);
    const progress = progressBar(point.samples, io, { label: `amp ${channel.name} d=${point.d} α=${point.alpha}` });
    const { summary } = ampPoint(channel, point, options, () => progress.tick());
    progress.done();
    io.out(JSON.stringify({ ...summary, precision: options.precision, products, threads: options.threads }));
  },
};
