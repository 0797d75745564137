import assert from "node:assert/strict";
import { test } from "node:test";
import { formatMs, markdownTable, median, timeIt } from "../../bench/harness";

test("median(xs) → middle value (odd), mean of the middle two (even), order-independent; RangeError when empty", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /median of an empty list/);
});

test("timeIt(run, {repeats, warmup}) → runs warmup + repeats times and reports repeats timings", async () => {
  let calls = 0;
  const t = await timeIt(() => calls++, { repeats: 4, warmup: 2 });
  assert.equal(calls, 6);
  assert.equal(t.runs, 4);
  assert.ok(t.min <= t.median && t.min >= 0);
  await assert.rejects(timeIt(() => 0, { repeats: 0 }), /repeats must be an integer ≥ 1 \(got 0\)/);
});

test("formatMs and markdownTable → readable units and a right-aligned table", () => {
  assert.deepEqual([0.421, 4.26, 123.4, 1234].map(formatMs), ["0.42 ms", "4.3 ms", "123 ms", "1.23 s"]);
  assert.equal(markdownTable(["task", "time"], [["a", "1 ms"]]), "| task | time |\n| --- | ---: |\n| a | 1 ms |");
});
