import { checkNumber, checkTokens } from "../util/check";
import { Channel, upperCount } from "./channel";

/**
 * Linear channel: y = h + σ ξ with ξ symmetric, ξ_ab ~ N(0, 1) for a ≤ b (theory.md §1, "linear").
 * Everything is Gaussian, which makes it the check case for state evolution and AMP.
 *
 * Output side (theory.md §4): g_ab = (y_ab − ω_ab) / ((1+δ_ab) V + σ²), E g_ab² = 1 / ((1+δ_ab) V + σ²), so
 *     q̂ / α = 2 Σ_{a≤b} (1+δ_ab) / ((1+δ_ab) V + σ²) = 2 [ 2T / (2V + σ²) + (T(T−1)/2) / (V + σ²) ].
 * At σ = 0 this is T(T+1)/V: T(T+1)/2 noiseless measurements, each worth 2α/V.
 */
export function linear(T: number, noise = 0): Channel {
  checkTokens(T);
  const sigma2 = checkNumber("noise", noise, { ge: 0 }) ** 2;
  const offDiagonal = upperCount(T) - T;
  return {
    name: "linear",
    T,
    params: { noise },
    output(h, y, rng) {
      if (noise > 0 && !rng) throw new RangeError("linear channel with noise > 0 needs an rng");
      for (let a = 0; a < T; a++) {
        for (let b = a; b < T; b++) {
          const v = h[a * T + b] + (noise > 0 ? noise * rng!.normal() : 0);
          y[a * T + b] = v;
          y[b * T + a] = v;
        }
      }
    },
    qHatPerAlpha(q, Q0) {
      const V = Q0 - q;
      return 2 * ((2 * T) / (2 * V + sigma2) + offDiagonal / (V + sigma2));
    },
    // Σ_{a≤b} −½ log((1+δ_ab)V + σ²): one Gaussian measurement per entry
    outputFreeEntropy(q, Q0) {
      const V = Q0 - q;
      return -0.5 * (T * Math.log(2 * V + sigma2) + offDiagonal * Math.log(V + sigma2));
    },
    gOut(y, omega, V, g) {
      for (let a = 0; a < T; a++) {
        for (let b = a; b < T; b++) {
          const i = a * T + b;
          const v = (y[i] - omega[i]) / ((a === b ? 2 : 1) * V + sigma2);
          g[i] = v;
          g[b * T + a] = v;
        }
      }
    },
  };
}
