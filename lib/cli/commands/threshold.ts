import { alphaPR } from "../../se/thresholds";
import { checkKnownFlags, numberFlag } from "../args";
import type { Command } from "../command";

export const thresholdCommand: Command = {
  name: "threshold",
  summary: "phase-transition thresholds: perfect recovery α_PR(ρ, T) (softmax)",
  usage: [
    "aim threshold --rho R --T T",
    "",
    "Prints {rho, T, alpha_pr}: the softmax perfect-recovery threshold α_PR = (2ρ − ρ²)/κ(T) (ρ ≤ 1), 1/κ(T) (ρ ≥ 1).",
  ].join("\n"),
  run(args, io) {
    checkKnownFlags(args, ["rho", "T", "channel"]);
    const rho = numberFlag(args, "rho", { gt: 0, allowInfinity: true });
    const T = numberFlag(args, "T", { integer: true, ge: 2 }, 2);
    io.out(JSON.stringify({ rho, T, alpha_pr: alphaPR(rho, T) }));
  },
};
