import { checkTokens } from "../util/check";
import { Channel } from "./channel";

/**
 * Hardmax channel: y_ab = 1 if b = argmax_c h_ac, else 0, row-wise (theory.md §1).
 * Sampling works for any T ≥ 2; state evolution and AMP are for T = 2 (theory.md §4, "Hardmax, T = 2").
 */
export function hardmaxOutput(T: number): Pick<Channel, "output" | "checkLabel"> {
  checkTokens(T);
  return {
    output(h, y) {
      for (let a = 0; a < T; a++) {
        const row = a * T;
        let best = 0;
        for (let b = 1; b < T; b++) if (h[row + b] > h[row + best]) best = b;
        for (let b = 0; b < T; b++) y[row + b] = b === best ? 1 : 0;
      }
    },
    checkLabel(y) {
      for (let a = 0; a < T; a++) {
        let ones = 0;
        for (let b = 0; b < T; b++) {
          const v = y[a * T + b];
          if (v !== 0 && v !== 1) throw new RangeError(`hardmax label row ${a} has entry ${v}; entries must be 0 or 1`);
          ones += v;
        }
        if (ones !== 1) throw new RangeError(`hardmax label row ${a} has ${ones} ones; exactly one is required`);
      }
    },
  };
}

export const HARDMAX_SCORES = ["exact", "published"] as const;
export type HardmaxScore = (typeof HARDMAX_SCORES)[number];

/**
 * The hardmax channel. Work in progress (issue 4): state evolution for T = 2 with the exact and published
 * scores lands with the bivariate normal CDF; until then only sampling works.
 */
export function hardmax(T: number, score: HardmaxScore = "exact"): Channel {
  const sampling = hardmaxOutput(T);
  return {
    name: "hardmax",
    T,
    params: { score },
    ...sampling,
    qHatPerAlpha() {
      throw new RangeError("hardmax state evolution is not available yet (issue 4)");
    },
  };
}
