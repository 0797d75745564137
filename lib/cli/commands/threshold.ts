import { alphaCount, alphaPR } from "../../se/thresholds";
import { checkKnownFlags, numberFlag, optionalString } from "../args";
import { architectureFromArgs } from "./architecture";
import type { Command } from "../command";
import { ParameterError } from "../../util/check";
import { RHO0_USAGE, runRho0Threshold } from "./threshold-rho0";

export const thresholdCommand: Command = {
  name: "threshold",
  summary: "phase-transition thresholds: perfect recovery α_PR(ρ, T), the deep counting bound α_count, or the ρ → 0 weak-recovery threshold (--limit rho0)",
  usage: [
    "aim threshold --rho R --T T",
    "",
    "Prints {rho, T, alpha_pr}: the softmax perfect-recovery threshold α_PR = (2ρ − ρ²)/κ(T) (ρ ≤ 1), 1/κ(T) (ρ ≥ 1).",
    "",
    "aim threshold --rho R1,R2[,…] --T T      (or --layers L --rho R: L layers of the same width)",
    "",
    "Prints {rho: [R1, R2, …], T, alpha_count}: the counting bound of the deep model (theory.md §10),",
    "α_count = Σ_ℓ min(2ρ_ℓ − ρ_ℓ², 1)/κ(T), the fewest samples per d² that can pin down every layer. It equals",
    "α_PR for one layer; for L > 1 no algorithm is known to attain it.",
    "",
    RHO0_USAGE,
  ].join("\n"),
  run(args, io) {
    const limit = optionalString(args, "limit");
    if (limit !== undefined) {
      if (limit !== "rho0") throw new ParameterError("limit", "rho0", limit);
      checkKnownFlags(args, ["limit", "channel", "T", "score"]);
      runRho0Threshold(args, io);
      return;
    }
    checkKnownFlags(args, ["rho", "T", "channel", "layers"]);
    const channel = optionalString(args, "channel");
    if (channel !== undefined && channel !== "softmax") {
      throw new ParameterError("channel", "softmax for α_PR (hardmax has no perfect recovery; use --limit rho0 for its weak-recovery threshold)", channel);
    }
    const { rhos } = architectureFromArgs(args, undefined, { allowInfinity: true });
    const T = numberFlag(args, "T", { integer: true, ge: 2 }, 2);
    if (rhos.length === 1) io.out(JSON.stringify({ rho: rhos[0], T, alpha_pr: alphaPR(rhos[0], T) }));
    else io.out(JSON.stringify({ rho: rhos, T, alpha_count: alphaCount(rhos, T) }));
  },
};
