import { makeChannel, CHANNEL_NAMES } from "../../channels/registry";
import { HARDMAX_SCORES } from "../../channels/hardmax";
import { solveSECurve } from "../../se/solve";
import { checkKnownFlags, listFlag, numberFlag, optionalString, stringFlag, booleanFlag } from "../args";
import type { Command } from "../command";
import { ParameterError } from "../../util/check";

const FIELDS = ["channel", "rho", "T", "alpha", "mmse", "q", "qhat", "iterations", "converged"] as const;

export const seCommand: Command = {
  name: "se",
  summary: "state-evolution fixed points: Bayes-optimal error at given (channel, ρ, T, α)",
  usage: [
    "aim se --channel softmax|hardmax|linear --rho R --T T (--alpha A[,A…] | --grid lin|log:START:STOP:N) [--csv]",
    "       [--beta B] [--score exact|published] [--noise S] [--tol X]",
    "",
    "Prints one JSON object per α: {channel, rho, T, alpha, mmse, q, qhat, iterations, converged}",
    "(mmse = Q0 − q, the error (1/d)‖Ŝ − S‖²). --csv prints a CSV table instead.",
  ].join("\n"),
  run(args, io) {
    checkKnownFlags(args, ["channel", "rho", "T", "alpha", "grid", "csv", "beta", "score", "noise", "tol"]);
    const channel = makeChannel(stringFlag(args, "channel", CHANNEL_NAMES, "softmax"), {
      T: numberFlag(args, "T", { integer: true, ge: 2 }, 2),
      beta: numberFlag(args, "beta", { gt: 0 }, 1),
      score: stringFlag(args, "score", HARDMAX_SCORES, "exact"),
      noise: numberFlag(args, "noise", { ge: 0 }, 0),
    });
    const rho = numberFlag(args, "rho", { gt: 0 });
    const grid = optionalString(args, "grid");
    if (grid !== undefined && args.flags.has("alpha")) throw new ParameterError("alpha", "given either as --alpha or as --grid, not both", "both");
    const alphas = grid !== undefined ? listFlag(args, "grid", { ge: 0 }) : listFlag(args, "alpha", { ge: 0 });
    const tol = numberFlag(args, "tol", { gt: 0 }, 1e-14);
    const csv = booleanFlag(args, "csv");
    if (csv) io.out(FIELDS.join(","));
    for (const r of solveSECurve(channel, rho, alphas, { tol })) {
      const row = { channel: r.channel, rho: r.rho, T: r.T, alpha: r.alpha, mmse: r.mmse, q: r.q, qhat: r.qHat, iterations: r.iterations, converged: r.converged };
      io.out(csv ? FIELDS.map((f) => String(row[f])).join(",") : JSON.stringify(row));
    }
  },
};
