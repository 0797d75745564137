import { existsSync } from "node:fs";
import { writeFileAtomic } from "./atomic";
import { DataFileError, formatCSV, readCSV, readHeader, RowOf, Schema } from "./csv";
import { checkRunInfo, Manifest, readManifest, RunInfo, writeManifest } from "./manifest";

/**
 * Data tables on disk: a CSV plus its manifest, written atomically, and resumable runs. A long run computes
 * `pendingPoints(...)`, and after each batch calls `appendTable(...)`, so an interrupted run loses at most one
 * batch and the next run continues where it stopped.
 */

/** Writes a whole table (CSV then manifest, each atomically), replacing any previous one. */
export function writeTable<S extends Schema>(file: string, schema: S, rows: readonly RowOf<S>[], run: RunInfo): Manifest {
  checkRunInfo(run);
  writeFileAtomic(file, formatCSV(schema, rows));
  return writeManifest(file, Object.keys(schema), rows.length, run);
}

/**
 * Appends rows to a table, creating it if needed. The file is rewritten whole through a temporary file, so it is
 * never seen half-written. The existing header must equal the schema's columns (same names, same order); the
 * manifest keeps its creation time and adds this run's runtime.
 */
export function appendTable<S extends Schema>(file: string, schema: S, rows: readonly RowOf<S>[], run: RunInfo): Manifest {
  checkRunInfo(run);
  const columns = Object.keys(schema);
  const header = readHeader(file);
  if (header !== undefined && header.join(",") !== columns.join(",")) {
    throw new DataFileError(file, `cannot append: the file has columns ${header.join(",")}, the rows have ${columns.join(",")}`);
  }
  const existing = header === undefined ? [] : readCSV(file, schema);
  const previous = header === undefined ? undefined : readManifest(file);
  writeFileAtomic(file, formatCSV(schema, [...existing, ...rows]));
  return writeManifest(file, columns, existing.length + rows.length, run, previous);
}

/**
 * The parameter points of `points` that no row of `rows` has yet, in their original order. `key` maps a point
 * (or a row, which carries the point's parameters) to a string; numbers read back from our CSVs equal the
 * numbers written, so `String(x)` keys match exactly (see `pointKey`).
 */
export function pendingPoints<P>(points: readonly P[], rows: readonly P[], key: (p: P) => string): P[] {
  const done = new Set(rows.map(key));
  return points.filter((p) => !done.has(key(p)));
}

/**
 * `pendingPoints` against a CSV file (read once): every point is pending when the file does not exist yet. With
 * `protocol`, a resumed run must not mix protocols: a row that has the key of one of `points` but differs from it
 * in one of these fields (e.g. a point computed with 1 sample that the run now asks with 3) would otherwise count
 * as done, so it throws a DataFileError naming the point, the field and both values.
 */
export function pendingPointsInFile<S extends Schema, P>(
  file: string,
  schema: S,
  points: readonly P[],
  key: ((p: P | RowOf<S>) => string) & { names?: readonly string[] },
  protocol: readonly (keyof RowOf<S> & keyof P & string)[] = [],
): P[] {
  if (!existsSync(file)) return [...points];
  const rows = readCSV(file, schema);
  const wanted = new Map(points.map((p) => [key(p), p]));
  for (const row of rows) {
    const point = wanted.get(key(row));
    const field = point && protocol.find((f) => String(row[f]) !== String(point[f]));
    if (point && field) {
      throw new DataFileError(
        file,
        `the row of the point ${describePoint(row, key)} has ${field} = ${row[field]}, this run asks ${field} = ${point[field]}: ` +
          "remove that row (or write to another file) to recompute it",
      );
    }
  }
  return pendingPoints<P | RowOf<S>>(points, rows, key) as P[];
}

/**
 * A key function over the named parameters: pointKey("rho", "alpha")({rho: 0.5, alpha: 0.1}) → "0.5|0.1". It
 * carries its parameter names (`names`), so messages can say which point they mean.
 */
export function pointKey<K extends string>(...names: K[]): ((p: Record<K, number | string>) => string) & { names: readonly K[] } {
  if (names.length === 0) throw new RangeError("pointKey needs at least one parameter name");
  return Object.assign((p: Record<K, number | string>) => names.map((n) => String(p[n])).join("|"), { names });
}

/** "rho = 0.5, alpha = 0.1" for a row, with the names of a `pointKey` (else the bare key). */
function describePoint<R>(row: R, key: ((p: R) => string) & { names?: readonly string[] }): string {
  return key.names ? key.names.map((n) => `${n} = ${row[n as keyof R]}`).join(", ") : key(row);
}
