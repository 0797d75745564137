import assert from "node:assert/strict";
import { test } from "node:test";
import { threadId } from "node:worker_threads";
import { contiguousShard, WorkerTeam } from "../../lib/parallel/team";

const tasks = require.resolve("./fixtures/team-tasks");

test("contiguousShard(count, size, rank) → blocks in rank order covering every item once, lengths within one", () => {
  for (const [count, size] of [[10, 3], [7, 7], [3, 5], [0, 2], [1000, 2]]) {
    let next = 0;
    const lengths: number[] = [];
    for (let rank = 0; rank < size; rank++) {
      const { start, end } = contiguousShard(count, size, rank);
      assert.equal(start, next);
      lengths.push(end - start);
      next = end;
    }
    assert.equal(next, count);
    assert.ok(Math.max(...lengths) - Math.min(...lengths) <= 1, `${count}/${size}: ${lengths}`);
  }
  assert.throws(() => contiguousShard(10, 2, 2), /rank must be an integer in \[0, 2\) \(got 2\)/);
  assert.throws(() => contiguousShard(10, 0, 0), /size must be an integer ≥ 1/);
});

test("WorkerTeam(2): one setup with a SharedArrayBuffer, then repeated calls see the main thread's writes and write back", async () => {
  const team = new WorkerTeam(tasks, { workers: 2 });
  try {
    const n = 11;
    const buffer = new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT);
    const values = new Float64Array(buffer);
    const setup = await team.call<{ rank: number; thread: number }>("setup", buffer);
    assert.deepEqual(setup.map((s) => s.rank), [0, 1]);
    assert.equal(new Set(setup.map((s) => s.thread)).size, 2, "two threads");
    assert.ok(setup.every((s) => s.thread !== threadId), "off the main thread");
    for (let round = 1; round <= 3; round++) {
      // the main thread writes after setup: the workers read the same memory, each its own contiguous block
      for (let i = 0; i < n; i++) values[i] = round * i * i;
      const sums = await team.call<{ sum: number; calls: number; start: number; end: number }>("shardSum");
      assert.deepEqual(sums.map((s) => s.calls), [round, round], "module state persists between calls");
      for (const s of sums) {
        let expected = 0;
        for (let i = s.start; i < s.end; i++) expected += round * i * i;
        assert.equal(s.sum, expected);
      }
      assert.equal(sums[0].end, sums[1].start);
    }
    await team.call("fill", (rank: number) => 10 ** rank); // a different input per rank, as a function of the rank
    const split = Math.floor(n / 2);
    assert.deepEqual(Array.from(values), Array.from({ length: n }, (_, i) => (i < split ? 1 : 10) * (i + 1)));
  } finally {
    await team.close();
  }
});

test("WorkerTeam: a task's RangeError rejects the call with its message; the team stays usable; closed teams refuse calls", async () => {
  const team = new WorkerTeam(tasks, { workers: 2 });
  try {
    await assert.rejects(team.call("failOn", 1), (e: Error) => e instanceof RangeError && /rank must not be 1 \(got 1\)/.test(e.message));
    assert.deepEqual(await team.call("failOn", 5), [0, 1]);
    await assert.rejects(team.call("nope"), /has no function nope/);
  } finally {
    await team.close();
  }
  await assert.rejects(team.call("failOn", 5), /closed/);
  await team.close(); // idempotent
});

test("WorkerTeam: a module that cannot load rejects the first call; bad worker count names the parameter", async () => {
  const team = new WorkerTeam(require.resolve("./fixtures/team-tasks").replace("team-tasks", "no-such-module"), { workers: 1 });
  try {
    await assert.rejects(team.call("setup"), /Cannot find module|exited/);
  } finally {
    await team.close();
  }
  assert.throws(() => new WorkerTeam(tasks, { workers: 0 }), /workers must be an integer ≥ 1/);
});
