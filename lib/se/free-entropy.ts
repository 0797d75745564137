import type { Channel } from "../channels/channel";
import { mutualInformation } from "../rmt/information";
import { checkAlpha, checkRho } from "../util/check";
import { Q0 } from "./solve";

/**
 * Replica-symmetric free entropy of the AIM (theory.md §4), as a function of the overlap q and its conjugate q̂:
 *
 *     Φ(q, q̂) = Q0 q̂/4 − I(1/q̂) − q q̂/4 + α Ψ_out(q),
 *
 * with I the denoising mutual information (lib/rmt/information.ts) and Ψ_out the channel's output term.
 * Stationarity reproduces state evolution: ∂Φ/∂q̂ = 0 ⟺ q = Q0 − mmse_S(1/q̂) (I-MMSE: dI/dq̂ = mmse/4),
 * and ∂Φ/∂q = 0 ⟺ q̂ = 4α Ψ_out′(q) = α qHatPerAlpha(q). Needs a channel with `outputFreeEntropy`.
 */
export function freeEntropy(channel: Channel, rho: number, alpha: number, q: number, qHat: number): number {
  checkRho(rho);
  checkAlpha(alpha);
  if (!channel.outputFreeEntropy) throw new RangeError(`the ${channel.name} channel has no closed-form output free entropy`);
  const q0 = Q0(rho);
  return (q0 * qHat) / 4 - mutualInformation(1 / qHat, rho) - (q * qHat) / 4 + alpha * channel.outputFreeEntropy(q, q0);
}
