import assert from "node:assert/strict";
import { test } from "node:test";
import { etaSeconds, formatDuration, notebookProgress, progressBar, progressLine } from "../../lib/cli/progress";

/** A sink recording writes and a clock the test advances. */
function harness(interactive: boolean) {
  const writes: string[] = [];
  let t = 1000;
  return { writes, sink: { err: (s: string) => writes.push(s), interactive }, now: () => t, advance: (ms: number) => (t += ms) };
}

test("formatDuration(s) → 0.4s, 12s, 3m05s, 2h07m and ? for non-finite", () => {
  assert.deepEqual([0.42, 12.4, 185, 7620, Infinity].map(formatDuration), ["0.4s", "12s", "3m05s", "2h07m", "?"]);
});

test("etaSeconds(done, total, elapsed) → elapsed·(total − done)/done, undefined before the first item", () => {
  assert.equal(etaSeconds(0, 10, 5), undefined);
  assert.equal(etaSeconds(4, 10, 2), 3);
  assert.equal(etaSeconds(12, 10, 2), 0);
});

test("progressLine(label, done, total, elapsed) → bar proportional to done, count, percent and ETA", () => {
  const line = progressLine("se", 25, 100, 10);
  assert.match(line, /^se \[#{6}\.{18}\]  25\/100  25% 10s, ETA 30s$/);
  assert.match(progressLine("", 3, 3, 1.25), /^\[#{24}\] 3\/3 100% 1\.3s$/);
  assert.match(progressLine("", 0, 0, 0), /100%/);
});

test("progressBar on a terminal → redraws in place with \\r, throttled, and ends with a newline", () => {
  const h = harness(true);
  const bar = progressBar(4, h.sink, { now: h.now, label: "x", redraw: 100 });
  bar.tick(); // drawn (first)
  h.advance(50);
  bar.tick(); // throttled
  h.advance(60);
  bar.tick(); // drawn
  bar.done();
  bar.tick(); // ignored after done
  assert.equal(h.writes.length, 3);
  assert.ok(h.writes.every((w) => w.startsWith("\r") && w.includes("\x1b[K")));
  assert.ok(h.writes[2].endsWith("\n") && !h.writes[1].endsWith("\n"));
  assert.match(h.writes[1], / 3\/4 /);
  assert.match(h.writes[2], / 3\/4 .*ETA/); // done() reports the true count, even if short of total
});

test("progressBar off a terminal → plain lines at most every interval, plus a final line", () => {
  const h = harness(false);
  const bar = progressBar(100, h.sink, { now: h.now, interval: 5000 });
  for (let i = 0; i < 100; i++) {
    h.advance(200); // 100 items over 20 s: lines at 0.2 s, 5.2 s, 10.2 s, 15.2 s, then the final one
    bar.tick();
  }
  bar.done();
  assert.equal(h.writes.length, 5);
  assert.ok(h.writes.every((w) => !w.includes("\r") && w.endsWith("\n")));
  assert.match(h.writes[4], /100\/100 100% 20s\n$/);
});

test("progressBar(total) → ParameterError naming total for a negative or fractional total", () => {
  const h = harness(false);
  assert.throws(() => progressBar(-1, h.sink), /total must be an integer ≥ 0 \(got -1\)/);
  assert.throws(() => progressBar(2.5, h.sink), /total must be an integer ≥ 0/);
});

test("notebookProgress outside a kernel → falls back to the stderr bar (no throw)", () => {
  const p = notebookProgress(2, { label: "t", now: () => 0 });
  p.tick(2);
  p.done();
});

test("notebookProgress inside tslab → one display updated in place (same id, update after the first), final line last", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  const sent: Array<{ content: { data: Record<string, string>; transient: { display_id: string } }; update: boolean }> = [];
  jupyter.lastWriteDisplayData = (content: never, update: boolean) => sent.push({ content, update });
  let t = 0;
  try {
    const p = notebookProgress(3, { label: "nb", now: () => t, redraw: 250 });
    for (let i = 0; i < 3; i++) {
      t += 300;
      p.tick();
    }
    p.done();
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
  assert.equal(sent.length, 4);
  assert.deepEqual(sent.map((s) => s.update), [false, true, true, true]);
  assert.equal(new Set(sent.map((s) => s.content.transient.display_id)).size, 1);
  assert.match(sent[3].content.data["text/plain"], /^nb \[#{24}\] 3\/3 100% 0\.9s$/);
});
