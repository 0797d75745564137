import { randomBytes } from "node:crypto";
import { kernelOutput } from "../figures/kernel";
import { checkNumber } from "../util/check";

/**
 * Progress for long runs: a bar with an ETA on stderr for the CLI (redrawn in place on a terminal, plain
 * periodic lines in logs and CI), and a progress line that updates in place in a notebook output.
 * Results never go through here: stdout stays machine-readable.
 */

/** Where a progress bar writes; lib/cli/command.ts's `IO` is one. */
export interface ProgressSink {
  err(text: string): void;
  /** true on a terminal: redraw one line in place */
  interactive: boolean;
}

export interface ProgressOptions {
  /** what is being counted, printed first ("se curve", "AMP runs") */
  label?: string;
  /** milliseconds between plain lines on a non-terminal (default 5000) */
  interval?: number;
  /** milliseconds between redraws in place (default 100) */
  redraw?: number;
  /** clock in milliseconds (tests inject one) */
  now?: () => number;
}

export interface Progress {
  /** counts `n` more finished items (default 1) */
  tick(n?: number): void;
  /** prints the final state; later ticks are ignored */
  done(): void;
}

const BAR_WIDTH = 24;

/** A duration for humans: "0.4s", "12s", "3m05s", "2h07m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Estimated seconds left at a constant rate; undefined before the first item finishes. */
export function etaSeconds(done: number, total: number, elapsedSeconds: number): number | undefined {
  if (done <= 0) return undefined;
  return (elapsedSeconds * Math.max(0, total - done)) / done;
}

/** One progress line: "label [#########...............]  37/100  37% 4.1s, ETA 7.0s". */
export function progressLine(label: string, done: number, total: number, elapsedSeconds: number): string {
  const fraction = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
  const count = `${String(Math.min(done, total)).padStart(String(total).length)}/${total}`;
  const eta = etaSeconds(done, total, elapsedSeconds);
  const time = done >= total ? `${formatDuration(elapsedSeconds)}` : `${formatDuration(elapsedSeconds)}, ETA ${eta === undefined ? "?" : formatDuration(eta)}`;
  return `${label ? label + " " : ""}[${bar}] ${count} ${(fraction * 100).toFixed(0).padStart(3)}% ${time}`;
}

/**
 * A throttled counter calling `show(line, final)`: at most once per `every` ms while running, and always once at
 * the end. Both the terminal bar and the notebook line are this counter with a different `show`.
 */
function counter(total: number, label: string, every: number, now: () => number, show: (line: string, final: boolean) => void): Progress {
  checkNumber("total", total, { integer: true, ge: 0 });
  checkNumber("interval", every, { ge: 0 });
  const start = now();
  let done = 0;
  let last = -Infinity;
  let finished = false;
  const line = () => progressLine(label, done, total, (now() - start) / 1000);
  return {
    tick(n = 1) {
      if (finished) return;
      done += checkNumber("n", n, { ge: 0 });
      const t = now();
      if (t - last >= every) {
        last = t;
        show(line(), false);
      }
    },
    done() {
      if (finished) return;
      finished = true;
      show(line(), true);
    },
  };
}

/**
 * A progress bar on stderr for the CLI. On a terminal it redraws one line in place ("\r", clear to end of line);
 * otherwise it prints a plain line every `interval` ms (default 5 s) and a final line, so logs stay readable.
 */
export function progressBar(total: number, sink: ProgressSink, options: ProgressOptions = {}): Progress {
  const now = options.now ?? Date.now;
  const label = options.label ?? "";
  if (sink.interactive) {
    return counter(total, label, options.redraw ?? 100, now, (line, final) => sink.err(`\r${line}\x1b[K${final ? "\n" : ""}`));
  }
  return counter(total, label, options.interval ?? 5000, now, (line) => sink.err(line + "\n"));
}

/** stderr as a progress sink. */
export function stderrSink(): ProgressSink {
  return { err: (text) => process.stderr.write(text), interactive: process.stderr.isTTY === true };
}

/**
 * A progress line for notebooks: one output line that updates in place (a Jupyter display with an id), at most
 * every `redraw` ms (default 250), ending with the total time. Outside a kernel it is `progressBar` on stderr.
 *
 *     const p = aim.notebookProgress(alphas.length, { label: "SE curve" });
 *     for (const a of alphas) { ...; p.tick(); }
 *     p.done();
 */
export function notebookProgress(total: number, options: ProgressOptions = {}): Progress {
  const output = kernelOutput();
  if (output === undefined) return progressBar(total, stderrSink(), options);
  const id = randomBytes(8).toString("hex");
  let shown = false;
  return counter(total, options.label ?? "", options.redraw ?? 250, options.now ?? Date.now, (line) => {
    output({ data: { "text/plain": line } }, id, shown);
    shown = true;
  });
}
