import { linGrid, logGrid } from "../numeric/grid";
import { Bounds, checkChoice, checkNumber, ParameterError } from "../util/check";

/**
 * Command-line arguments: `--name value`, `--name=value` and bare `--flag` (boolean true).
 * Readers check values with lib/util/check so a bad argument names the parameter and its range.
 */
export interface Args {
  verb: string;
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[]): Args {
  const [verb = "help", ...rest] = argv;
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith("--")) {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf("=");
    if (eq > 0) {
      flags.set(token.slice(2, eq), token.slice(eq + 1));
    } else {
      const next = rest[i + 1];
      // a value follows unless the next token is another flag (so "-1" is a value)
      if (next !== undefined && !next.startsWith("--")) {
        flags.set(token.slice(2), next);
        i++;
      } else {
        flags.set(token.slice(2), true);
      }
    }
  }
  return { verb, positional, flags };
}

/** Throws when a flag is given that the verb does not know (typos should not be silently ignored). */
export function checkKnownFlags(args: Args, known: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (!known.includes(name)) throw new ParameterError(`--${name}`, `one of the flags of '${args.verb}': ${known.map((k) => "--" + k).join(" ")}`, "unknown flag");
  }
}

function raw(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new ParameterError(name, "given a value", "no value");
  return v;
}

/** Parses a number strictly ("1e-3" yes, "abc" or "" no). */
export function parseNumber(name: string, text: string, bounds: Bounds = {}): number {
  const t = text.trim();
  const value = t === "" ? NaN : t === "inf" || t === "Infinity" ? Infinity : Number(t);
  if (Number.isNaN(value)) throw new ParameterError(name, "a number", text);
  return checkNumber(name, value, bounds);
}

export function numberFlag(args: Args, name: string, bounds: Bounds, fallback?: number): number {
  const v = raw(args, name);
  if (v === undefined) {
    if (fallback === undefined) throw new ParameterError(name, "given (required)", "nothing");
    return fallback;
  }
  return parseNumber(name, v, bounds);
}

export function stringFlag<T extends string>(args: Args, name: string, choices: readonly T[], fallback: T): T {
  const v = raw(args, name);
  return v === undefined ? fallback : checkChoice(name, v, choices);
}

export function booleanFlag(args: Args, name: string): boolean {
  const v = args.flags.get(name);
  if (v === undefined) return false;
  if (v === true || v === "true") return true;
  if (v === "false") return false;
  throw new ParameterError(name, "a flag without value (or true/false)", v);
}

export function optionalString(args: Args, name: string): string | undefined {
  return raw(args, name);
}

/**
 * A list of values for one parameter: a comma list "0.1,0.2", or a grid "lin:START:STOP:N" / "log:START:STOP:N"
 * (N points, both ends included; log needs START, STOP > 0).
 */
export function parseList(name: string, text: string, bounds: Bounds = {}): number[] {
  const grid = /^(lin|log):([^:]+):([^:]+):([^:]+)$/.exec(text.trim());
  if (!grid) return text.split(",").map((part) => parseNumber(name, part, bounds));
  const [, kind, a, b, k] = grid;
  const count = parseNumber(`${name} grid size`, k, { integer: true, ge: 1 });
  const start = parseNumber(`${name} grid start`, a, kind === "log" ? { gt: 0 } : {});
  const stop = parseNumber(`${name} grid stop`, b, kind === "log" ? { gt: 0 } : {});
  const values = kind === "lin" ? linGrid(start, stop, count) : logGrid(start, stop, count);
  return values.map((v) => checkNumber(name, v, bounds));
}

export function listFlag(args: Args, name: string, bounds: Bounds, fallback?: number[]): number[] {
  const v = raw(args, name);
  if (v === undefined) {
    if (fallback === undefined) throw new ParameterError(name, "given (required)", "nothing");
    return fallback;
  }
  return parseList(name, v, bounds);
}
