import { HARDMAX_SCORES } from "../../channels/hardmax";
import { makeChannel } from "../../channels/registry";
import { rho0Threshold } from "../../se/rho0";
import { checkChoice } from "../../util/check";
import { numberFlag, stringFlag, type Args } from "../args";
import type { IO } from "../command";

/** The channels with a ρ → 0 weak-recovery threshold (theory.md §4, "ρ → 0 limit"). */
export const RHO0_CHANNELS = ["softmax", "hardmax"] as const;

/** Usage lines for the `--limit rho0` form of `aim threshold` (the lead's threshold verb includes them). */
export const RHO0_USAGE = [
  "aim threshold --limit rho0 --channel softmax [--T T]",
  "aim threshold --limit rho0 --channel hardmax [--score exact|published]   (hardmax: T = 2)",
  "",
  "Prints {channel, limit, T, score, alpha_bar_c}: the weak-recovery threshold in ᾱ' = α/ρ as ρ → 0,",
  "ᾱ'_c = 1/A(0) with A = q̂/α at q = 0 (softmax: 1/κ(T); hardmax: 1/A(0) from the T = 2 output integral).",
].join("\n");

/**
 * `aim threshold --limit rho0 …`: one JSON line {channel, limit: "rho0", T, score (hardmax only, else null),
 * alpha_bar_c}. Flags are checked by the caller's checkKnownFlags (channel, limit, T, score).
 */
export function runRho0Threshold(args: Args, io: IO): void {
  const name = checkChoice("channel", stringFlag(args, "channel", RHO0_CHANNELS, "softmax"), RHO0_CHANNELS);
  const T = numberFlag(args, "T", { integer: true, ge: 2 }, 2);
  const score = stringFlag(args, "score", HARDMAX_SCORES, "exact");
  const channel = makeChannel(name, { T, score });
  io.out(JSON.stringify({ channel: name, limit: "rho0", T, score: name === "hardmax" ? score : null, alpha_bar_c: rho0Threshold(channel) }));
}
