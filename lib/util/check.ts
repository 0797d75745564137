/**
 * Argument checks for every public entry point. Each check is written so that NaN fails it,
 * and throws a RangeError that names the parameter and its allowed range (style: d3).
 * All user-facing range messages are built here, so the wording is the same everywhere.
 */

/** A RangeError that remembers which parameter was out of range (the CLI prints it and exits 2). */
export class ParameterError extends RangeError {
  constructor(readonly parameter: string, readonly allowed: string, readonly got: unknown) {
    super(`${parameter} must be ${allowed} (got ${formatGot(got)})`);
    this.name = "ParameterError";
  }
}

function formatGot(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" && !Number.isFinite(value) && !Number.isNaN(value)) return String(value);
  return String(value);
}

export interface Bounds {
  /** lower bound; `gt` excludes it, `ge` includes it */
  gt?: number;
  ge?: number;
  /** upper bound; `lt` excludes it, `le` includes it */
  lt?: number;
  le?: number;
  /** require an integer */
  integer?: boolean;
  /** allow +Infinity (e.g. ρ = ∞); otherwise only finite numbers pass */
  allowInfinity?: boolean;
}

/** Human description of a range, e.g. "an integer ≥ 2" or "a number in (0, 1]". */
export function describeBounds(b: Bounds): string {
  const kind = b.integer ? "an integer" : "a number";
  const lo = b.gt !== undefined ? { v: b.gt, open: true } : b.ge !== undefined ? { v: b.ge, open: false } : undefined;
  const hi = b.lt !== undefined ? { v: b.lt, open: true } : b.le !== undefined ? { v: b.le, open: false } : undefined;
  if (lo && hi) return `${kind} in ${lo.open ? "(" : "["}${lo.v}, ${hi.v}${hi.open ? ")" : "]"}`;
  if (lo) return `${kind} ${lo.open ? ">" : "≥"} ${lo.v}`;
  if (hi) return `${kind} ${hi.open ? "<" : "≤"} ${hi.v}`;
  return b.allowInfinity ? kind : `a finite ${kind.replace(/^an? /, "")}`;
}

/** Returns `value` if it is a number inside `bounds`, else throws a ParameterError naming `name`. */
export function checkNumber(name: string, value: unknown, bounds: Bounds = {}): number {
  const ok =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    (Number.isFinite(value) || (bounds.allowInfinity === true && value === Infinity)) &&
    (bounds.gt === undefined || value > bounds.gt) &&
    (bounds.ge === undefined || value >= bounds.ge) &&
    (bounds.lt === undefined || value < bounds.lt) &&
    (bounds.le === undefined || value <= bounds.le) &&
    (!bounds.integer || Number.isInteger(value));
  if (!ok) throw new ParameterError(name, describeBounds(bounds), value);
  return value as number;
}

/** Returns `value` if it is one of `choices`, else throws a ParameterError listing them. */
export function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    throw new ParameterError(name, `one of ${choices.join(", ")}`, value);
  }
  return value as T;
}

/** The model's standard parameters, checked in one place. */
export const checkRho = (rho: unknown, allowInfinity = false) => checkNumber("rho", rho, { gt: 0, allowInfinity });
export const checkAlpha = (alpha: unknown) => checkNumber("alpha", alpha, { ge: 0 });
export const checkTokens = (T: unknown) => checkNumber("T", T, { integer: true, ge: 2 });
export const checkDim = (d: unknown) => checkNumber("d", d, { integer: true, ge: 2 });
export const checkDelta = (delta: unknown) => checkNumber("delta", delta, { ge: 0, allowInfinity: true });
export const checkBeta = (beta: unknown) => checkNumber("beta", beta, { gt: 0 });
