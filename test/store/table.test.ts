import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeFileAtomic } from "../../lib/store/atomic";
import { DataFileError, readCSV } from "../../lib/store/csv";
import { manifestPath, readManifest } from "../../lib/store/manifest";
import { appendTable, pendingPoints, pendingPointsInFile, pointKey, writeTable } from "../../lib/store/table";

const SCHEMA = { rho: "number", alpha: "number", mmse: "number" } as const;
const fresh = () => mkdtempSync(join(tmpdir(), "aim-table-"));
const run = (runtimeSeconds: number) => ({ parameters: { T: 2, grid: "lin:0:0.2:3" }, seed: 7, runtimeSeconds });

test("writeTable(file) → CSV plus manifest with parameters, seed, version, node, runtime, row count", () => {
  const file = join(fresh(), "se.csv");
  const rows = [
    { rho: 0.5, alpha: 0, mmse: 1 },
    { rho: 0.5, alpha: 0.1, mmse: 0.39 },
  ];
  const written = writeTable(file, SCHEMA, rows, run(1.5));
  assert.deepEqual(readCSV(file, SCHEMA), rows);
  const manifest = readManifest(file);
  assert.deepEqual(manifest, written);
  assert.equal(manifestPath(file), file.replace(/se\.csv$/, "se.manifest.json"));
  assert.equal(manifest?.file, "se.csv");
  assert.equal(manifest?.rows, 2);
  assert.deepEqual(manifest?.columns, ["rho", "alpha", "mmse"]);
  assert.deepEqual(manifest?.parameters, { T: 2, grid: "lin:0:0.2:3" });
  assert.equal(manifest?.seed, 7);
  assert.equal(manifest?.package.name, "aim-workbook");
  assert.match(manifest?.package.version ?? "", /^\d+\.\d+\.\d+/);
  assert.equal(manifest?.node, process.version);
  assert.equal(manifest?.runtimeSeconds, 1.5);
  assert.ok(!Number.isNaN(Date.parse(manifest?.created ?? "")));
  if (manifest?.git !== null) assert.match(manifest?.git.commit ?? "", /^[0-9a-f]{40}$/);
});

test("appendTable(file) → rows accumulate, runtime adds up, creation time kept", () => {
  const file = join(fresh(), "a.csv");
  const first = appendTable(file, SCHEMA, [{ rho: 1, alpha: 0.1, mmse: 0.5 }], run(2));
  const second = appendTable(file, SCHEMA, [{ rho: 1, alpha: 0.2, mmse: 0.1 }], run(3));
  assert.deepEqual(readCSV(file, SCHEMA).map((r) => r.alpha), [0.1, 0.2]);
  assert.equal(second.rows, 2);
  assert.equal(second.runtimeSeconds, 5);
  assert.equal(second.created, first.created);
});

test("appendTable(file) → DataFileError when the file's columns differ from the rows'", () => {
  const file = join(fresh(), "b.csv");
  writeFileSync(file, "alpha,rho,mmse\n0.1,1,0.5\n");
  assert.throws(() => appendTable(file, SCHEMA, [{ rho: 1, alpha: 0.2, mmse: 0.1 }], run(1)), (e: unknown) => {
    assert.ok(e instanceof DataFileError);
    assert.match(e.message, /b\.csv: cannot append: the file has columns alpha,rho,mmse, the rows have rho,alpha,mmse/);
    return true;
  });
});

test("writeFileAtomic(path) → content replaced, no temporary file left, directories created", () => {
  const dir = fresh();
  const path = join(dir, "sub", "x.txt");
  writeFileAtomic(path, "one");
  writeFileAtomic(path, "two");
  assert.equal(readFileSync(path, "utf8"), "two");
  assert.deepEqual(readdirSync(join(dir, "sub")), ["x.txt"]);
});

test("pendingPoints(points, rows, key) → the points without a row, in order", () => {
  const key = pointKey("rho", "alpha");
  const points = [0.1, 0.2, 0.3].flatMap((alpha) => [0.5, 1].map((rho) => ({ rho, alpha })));
  const rows = [{ rho: 1, alpha: 0.2, mmse: 0 }, { rho: 0.5, alpha: 0.1, mmse: 0 }];
  assert.deepEqual(pendingPoints(points, rows, key), [
    { rho: 1, alpha: 0.1 },
    { rho: 0.5, alpha: 0.2 },
    { rho: 0.5, alpha: 0.3 },
    { rho: 1, alpha: 0.3 },
  ]);
});

test("pendingPointsInFile → all points for a new file; an interrupted run resumes with exactly the rest", () => {
  const file = join(fresh(), "sweep.csv");
  const key = pointKey("rho", "alpha");
  const points = Array.from({ length: 7 }, (_, i) => ({ rho: 0.5, alpha: (i + 1) / 30 })); // thirds: inexact binary fractions
  assert.equal(pendingPointsInFile(file, SCHEMA, points, key).length, 7);
  // first run stops after two batches of two
  for (const batch of [points.slice(0, 2), points.slice(2, 4)]) {
    appendTable(file, SCHEMA, batch.map((p) => ({ ...p, mmse: 1 - p.alpha })), run(1));
  }
  const rest = pendingPointsInFile(file, SCHEMA, points, key);
  assert.deepEqual(rest, points.slice(4));
  appendTable(file, SCHEMA, rest.map((p) => ({ ...p, mmse: 1 - p.alpha })), run(1));
  assert.deepEqual(pendingPointsInFile(file, SCHEMA, points, key), []);
  assert.deepEqual(readCSV(file, SCHEMA).map((r) => r.alpha), points.map((p) => p.alpha));
});

test("pointKey() → RangeError without parameter names", () => {
  assert.throws(() => pointKey(), /pointKey needs at least one parameter name/);
});

test("readManifest(file) → undefined without a manifest; DataFileError naming the manifest when it is not JSON", () => {
  const file = join(fresh(), "m.csv");
  assert.equal(readManifest(file), undefined);
  writeFileSync(manifestPath(file), "{ not json");
  assert.throws(() => readManifest(file), (e: unknown) => {
    assert.ok(e instanceof DataFileError);
    assert.match(e.message, /m\.manifest\.json: not valid JSON/);
    return true;
  });
});

test("writeTable(file, run) → ParameterError naming runtimeSeconds when negative or NaN, and nothing written", () => {
  const dir = fresh();
  const file = join(dir, "r.csv");
  assert.throws(() => writeTable(file, SCHEMA, [], { parameters: {}, runtimeSeconds: -1 }), /runtimeSeconds must be a number ≥ 0 \(got -1\)/);
  assert.throws(() => writeTable(file, SCHEMA, [], { parameters: {}, runtimeSeconds: NaN }), /runtimeSeconds must be/);
  assert.throws(() => appendTable(file, SCHEMA, [], { parameters: {}, runtimeSeconds: NaN }), /runtimeSeconds must be/);
  assert.deepEqual(readdirSync(dir), []);
});

test("pendingPointsInFile(…, protocol) → DataFileError naming the point, the field and both values when a done row has another protocol", () => {
  const schema = { alpha: "number", samples: "number", mmse: "number" } as const;
  const file = join(fresh(), "protocol.csv");
  const key = pointKey("alpha");
  const points = [0.1, 0.2].map((alpha) => ({ alpha, samples: 3 }));
  assert.deepEqual(pendingPointsInFile(file, schema, points, key, ["samples"]), points); // no file yet: nothing to check
  appendTable(file, schema, [{ alpha: 0.1, samples: 3, mmse: 0.5 }, { alpha: 0.3, samples: 1, mmse: 0.2 }], run(1));
  assert.deepEqual(pendingPointsInFile(file, schema, points, key, ["samples"]), points.slice(1)); // same protocol, and a row of no wanted point: fine
  appendTable(file, schema, [{ alpha: 0.2, samples: 1, mmse: 0.4 }], run(1));
  assert.throws(
    () => pendingPointsInFile(file, schema, points, key, ["samples"]),
    (e: unknown) => e instanceof DataFileError && /protocol\.csv: the row of the point alpha = 0\.2 has samples = 1, this run asks samples = 3/.test(e.message),
  );
});
