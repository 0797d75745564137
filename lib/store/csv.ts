import { csvFormatRows, csvParseRows } from "d3-dsv";
import { existsSync, readFileSync } from "node:fs";

/**
 * Tidy tables as CSV: one row per parameter point, one column per parameter or result (style: tramp's
 * "grid → rows"). Columns are typed by a schema, so a table read back has the types it was written with and a
 * corrupt file fails loudly, naming file, line and column. CSV text comes from d3-dsv (vega's own CSV library).
 */

/** The type of a column: numbers (written in shortest round-trip form, so they read back exactly) or strings. */
export type ColumnType = "number" | "string";
/** Column name → type, in the order the columns are written. */
export type Schema = Readonly<Record<string, ColumnType>>;
/** The row type a schema describes. */
export type RowOf<S extends Schema> = { -readonly [K in keyof S]: S[K] extends "number" ? number : string };

/** Raised when a data file is missing or does not hold the table its reader expects. */
export class DataFileError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = "DataFileError";
  }
}

/** Numbers as text: JavaScript's shortest round-trip form; ±Infinity and NaN spelled out. */
function formatCell(value: unknown, column: string, type: ColumnType): string {
  if (type === "number") {
    if (typeof value !== "number") throw new TypeError(`column "${column}" must hold numbers (got ${JSON.stringify(value)})`);
    return String(value);
  }
  if (typeof value !== "string") throw new TypeError(`column "${column}" must hold strings (got ${JSON.stringify(value)})`);
  return value;
}

/** Parses one numeric cell strictly: "" and "1.2x" are errors; "NaN", "Infinity", "-Infinity" are allowed. */
function parseNumberCell(text: string): number | undefined {
  const t = text.trim();
  if (t === "NaN") return NaN;
  const value = t === "" ? NaN : Number(t);
  return Number.isNaN(value) ? undefined : value;
}

/** Serializes rows as CSV text (header line first, "\n" line ends, trailing newline). */
export function formatCSV<S extends Schema>(schema: S, rows: readonly RowOf<S>[]): string {
  const columns = Object.keys(schema);
  const body = rows.map((row) => columns.map((c) => formatCell((row as Record<string, unknown>)[c], c, schema[c])));
  return csvFormatRows([columns, ...body]) + "\n";
}

/**
 * Parses CSV text into typed rows. The header must contain every schema column (extra columns are ignored);
 * a short or long record, or a non-numeric cell in a number column, throws a DataFileError naming `file`, the
 * line (records are assumed to hold no quoted newlines, which this module never writes) and the column.
 */
export function parseCSV<S extends Schema>(schema: S, text: string, file: string): RowOf<S>[] {
  const records = csvParseRows(text.replace(/\r\n?/g, "\n").replace(/\n+$/, ""));
  if (records.length === 0 || (records.length === 1 && records[0].length === 1 && records[0][0] === "")) {
    throw new DataFileError(file, `empty file: expected a header line with columns ${Object.keys(schema).join(",")}`);
  }
  const header = records[0];
  const missing = Object.keys(schema).filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new DataFileError(file, `line 1: missing column(s) ${missing.join(", ")} (the file has ${header.join(", ")})`);
  }
  const index = Object.keys(schema).map((c) => [c, header.indexOf(c)] as const);
  return records.slice(1).map((record, i) => {
    const line = i + 2;
    if (record.length !== header.length) {
      throw new DataFileError(file, `line ${line}: ${record.length} cells, but the header has ${header.length} columns`);
    }
    const row: Record<string, number | string> = {};
    for (const [column, at] of index) {
      if (schema[column] === "string") {
        row[column] = record[at];
        continue;
      }
      const value = parseNumberCell(record[at]);
      if (value === undefined) {
        throw new DataFileError(file, `line ${line}, column "${column}": ${JSON.stringify(record[at])} is not a number`);
      }
      row[column] = value;
    }
    return row as RowOf<S>;
  });
}

/** Reads a CSV file into typed rows; a missing file is a DataFileError saying so. */
export function readCSV<S extends Schema>(file: string, schema: S): RowOf<S>[] {
  if (!existsSync(file)) throw new DataFileError(file, "no such data file");
  return parseCSV(schema, readFileSync(file, "utf8"), file);
}

/**
 * Rows of an optional data file: `readCSV(file, schema)` when the file exists, else `fallback()` (a figure's theory
 * curve computed on the fly, or no points). A file that exists but is corrupt still throws.
 */
export function readCSVOr<S extends Schema>(file: string, schema: S, fallback: () => RowOf<S>[]): RowOf<S>[] {
  return existsSync(file) ? readCSV(file, schema) : fallback();
}

/** The header (column names) of a CSV file, or undefined when the file does not exist. */
export function readHeader(file: string): string[] | undefined {
  if (!existsSync(file)) return undefined;
  const first = readFileSync(file, "utf8").split(/\r?\n/, 1)[0];
  return csvParseRows(first)[0] ?? [];
}
