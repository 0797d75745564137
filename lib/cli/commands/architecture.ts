import { checkArchitecture, DEEP_DEFAULTS, DeepArchitecture } from "../../model/deep";
import { ParameterError } from "../../util/check";
import { Args, listFlag, numberFlag } from "../args";

/** The flags of a layered architecture, for a verb's list of known flags. */
export const ARCHITECTURE_FLAGS = ["layers", "rho", "c", "beta"] as const;

/** Usage lines describing the architecture flags, shared by the verbs that read them. */
export const ARCHITECTURE_USAGE = [
  "Layers (theory.md §10): --layers L (default: the number of widths given, else 1); --rho one width for every",
  "layer or a list of L widths (e.g. --layers 2 --rho 0.5,0.3); --c residual strength ≥ 0 (default 1);",
  "--beta softmax inverse temperature (default 1).",
].join("\n");

/**
 * The layered architecture from `--layers L --rho R[,R…] --c C --beta B` (theory.md §10), checked.
 * --rho with one value means the same width for every layer; a list must have L entries (its length is L when
 * --layers is not given). With `d`, every ρ_ℓ·d must be at least 1. Errors are ParameterErrors naming the flag,
 * so the CLI exits 2 with one line. `allowInfinity` admits ρ = inf (thresholds only: nothing is sampled).
 */
export function architectureFromArgs(args: Args, d?: number, options: { allowInfinity?: boolean } = {}): DeepArchitecture {
  const widths = listFlag(args, "rho", { gt: 0, allowInfinity: options.allowInfinity === true });
  const given = args.flags.has("layers");
  const L = numberFlag(args, "layers", { integer: true, ge: 1 }, widths.length);
  if (widths.length !== 1 && widths.length !== L) {
    const allowed = L === 1 ? "one width for --layers 1" : `one width or a list of ${L} widths for --layers ${L}`;
    throw new ParameterError("rho", allowed, `a list of ${widths.length} widths: ${widths.join(",")}`);
  }
  const rhos = widths.length === 1 && given ? new Array<number>(L).fill(widths[0]) : widths;
  const c = numberFlag(args, "c", { ge: 0 }, DEEP_DEFAULTS.c);
  const beta = numberFlag(args, "beta", { gt: 0 }, DEEP_DEFAULTS.beta);
  const arch = { rhos, c, beta };
  // ρ = ∞ passes only where the caller allowed it; checkArchitecture would reject it as a sampled width
  return options.allowInfinity && rhos.some((r) => r === Infinity) ? arch : checkArchitecture(arch, d);
}
