import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DataFileError, formatCSV, parseCSV, readCSV, readCSVOr, readHeader } from "../../lib/store/csv";

const SCHEMA = { channel: "string", rho: "number", alpha: "number", mmse: "number" } as const;
const dir = mkdtempSync(join(tmpdir(), "aim-csv-"));

test("formatCSV then parseCSV → the same rows, numbers bit-exact (incl. ±Infinity, NaN, 1e-300, 0.1+0.2)", () => {
  const rows = [
    { channel: "softmax", rho: 0.5, alpha: 0.1 + 0.2, mmse: 1e-300 },
    { channel: "hard,max \"q\"", rho: Infinity, alpha: -0, mmse: NaN },
    { channel: "linear", rho: 1 / 3, alpha: Number.MAX_VALUE, mmse: -Infinity },
  ];
  const text = formatCSV(SCHEMA, rows);
  assert.equal(text.split("\n")[0], "channel,rho,alpha,mmse");
  const back = parseCSV(SCHEMA, text, "x.csv");
  assert.equal(back.length, rows.length);
  rows.forEach((row, i) => {
    for (const key of Object.keys(SCHEMA) as (keyof typeof row)[]) assert.ok(Object.is(back[i][key], row[key]) || (key === "alpha" && back[i][key] === 0), `${key} of row ${i}`);
  });
});

test("formatCSV(schema, rows) → TypeError naming the column for a string in a number column", () => {
  assert.throws(() => formatCSV({ rho: "number" }, [{ rho: "0.5" as unknown as number }]), /column "rho" must hold numbers/);
});

test("parseCSV(text) → DataFileError naming file, line and column for a non-numeric cell", () => {
  const text = "rho,alpha,mmse,channel\n0.5,0.1,0.9,softmax\n0.5,0.2,abc,softmax\n";
  assert.throws(() => parseCSV(SCHEMA, text, "data/x.csv"), (e: unknown) => {
    assert.ok(e instanceof DataFileError);
    assert.equal(e.message, 'data/x.csv: line 3, column "mmse": "abc" is not a number');
    return true;
  });
  assert.throws(() => parseCSV(SCHEMA, "channel,rho,alpha,mmse\nsoftmax,0.5,,0.1\n", "y.csv"), /y\.csv: line 2, column "alpha": "" is not a number/);
});

test("parseCSV(text) → DataFileError for missing columns, ragged records and an empty file", () => {
  assert.throws(() => parseCSV(SCHEMA, "rho,alpha\n0.5,0.1\n", "a.csv"), /a\.csv: line 1: missing column\(s\) channel, mmse \(the file has rho, alpha\)/);
  assert.throws(() => parseCSV(SCHEMA, "channel,rho,alpha,mmse\nsoftmax,0.5,0.1\n", "b.csv"), /b\.csv: line 2: 3 cells, but the header has 4 columns/);
  assert.throws(() => parseCSV(SCHEMA, "", "c.csv"), /c\.csv: empty file/);
});

test("parseCSV(text) → extra columns ignored, column order free, CRLF accepted", () => {
  const rows = parseCSV({ alpha: "number", rho: "number" }, "rho,seed,alpha\r\n2,7,0.25\r\n", "d.csv");
  assert.deepEqual(rows, [{ alpha: 0.25, rho: 2 }]);
});

test("readCSV(missing file) → DataFileError 'no such data file' naming the path", () => {
  const path = join(dir, "nope.csv");
  assert.throws(() => readCSV(path, SCHEMA), new DataFileError(path, "no such data file"));
  assert.equal(readHeader(path), undefined);
});

test("readCSV(file) and readHeader(file) read what was written", () => {
  const path = join(dir, "t.csv");
  writeFileSync(path, formatCSV(SCHEMA, [{ channel: "softmax", rho: 0.1, alpha: 0.02, mmse: 0.5 }]));
  assert.deepEqual(readHeader(path), ["channel", "rho", "alpha", "mmse"]);
  assert.deepEqual(readCSV(path, SCHEMA), [{ channel: "softmax", rho: 0.1, alpha: 0.02, mmse: 0.5 }]);
});

test("readCSVOr(file) → the rows when the file exists, the fallback when it does not; a corrupt file still throws", () => {
  const dir = mkdtempSync(join(tmpdir(), "aim-or-"));
  const file = join(dir, "t.csv");
  assert.deepEqual(readCSVOr(file, { x: "number" }, () => [{ x: 7 }]), [{ x: 7 }]);
  writeFileSync(file, "x\n1\n2\n");
  assert.deepEqual(readCSVOr(file, { x: "number" }, () => []), [{ x: 1 }, { x: 2 }]);
  writeFileSync(file, "x\nnot-a-number\n");
  assert.throws(() => readCSVOr(file, { x: "number" }, () => []), /line 2/);
});
