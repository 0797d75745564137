import assert from "node:assert/strict";
import { test } from "node:test";
import { mapInWorkers } from "../../lib/parallel/pool";

const tasks = require.resolve("./fixtures/pool-tasks");

test("mapInWorkers(…, 2 workers) returns and reports results in input order although later tasks finish first", async () => {
  const inputs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const seen: number[] = [];
  const results = await mapInWorkers<number, { x: number; square: number; thread: number }>(tasks, "slowSquare", inputs, {
    workers: 2,
    onResult: (i) => seen.push(i),
  });
  assert.deepEqual(seen, inputs);
  assert.deepEqual(
    results.map((r) => r.square),
    inputs.map((x) => x * x),
  );
  assert.equal(new Set(results.map((r) => r.thread)).size, 2, "both workers did work");
  assert.ok(results.every((r) => r.thread !== 0), "tasks ran off the main thread");
});

test("mapInWorkers(…, workers 0) runs inline with the same results", async () => {
  const results = await mapInWorkers<number, { square: number; thread: number }>(tasks, "slowSquare", [3, 1, 2], { workers: 0 });
  assert.deepEqual(
    results.map((r) => r.square),
    [9, 1, 4],
  );
  assert.ok(results.every((r) => r.thread === 0));
});

test("mapInWorkers rejects with the task's RangeError message when a task throws, and on a bad worker count", async () => {
  await assert.rejects(mapInWorkers(tasks, "failOnNegative", [1, -2, 3], { workers: 2 }), (e: Error) => e instanceof RangeError && /x must be ≥ 0 \(got -2\)/.test(e.message));
  await assert.rejects(mapInWorkers(tasks, "failOnNegative", [1], { workers: -1 }), /workers must be an integer ≥ 0/);
});
