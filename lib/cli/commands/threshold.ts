import { alphaPR } from "../../se/thresholds";
import { checkKnownFlags, numberFlag, optionalString } from "../args";
import type { Command } from "../command";
import { ParameterError } from "../../util/check";
import { RHO0_USAGE, runRho0Threshold } from "./threshold-rho0";

export const thresholdCommand: Command = {
  name: "threshold",
  summary: "phase-transition thresholds: perfect recovery α_PR(ρ, T), or the ρ → 0 weak-recovery threshold (--limit rho0)",
  usage: [
    "aim threshold --rho R --T T",
    "",
    "Prints {rho, T, alpha_pr}: the softmax perfect-recovery threshold α_PR = (2ρ − ρ²)/κ(T) (ρ ≤ 1), 1/κ(T) (ρ ≥ 1).",
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
    checkKnownFlags(args, ["rho", "T", "channel"]);
    const channel = optionalString(args, "channel");
    if (channel !== undefined && channel !== "softmax") {
      throw new ParameterError("channel", "softmax for α_PR (hardmax has no perfect recovery; use --limit rho0 for its weak-recovery threshold)", channel);
    }
    const rho = numberFlag(args, "rho", { gt: 0, allowInfinity: true });
    const T = numberFlag(args, "T", { integer: true, ge: 2 }, 2);
    io.out(JSON.stringify({ rho, T, alpha_pr: alphaPR(rho, T) }));
  },
};
