/**
 * CLI start-up (issue 11): whole-process wall time of light verbs as users run them (`node bin/aim.cjs …`, tsx
 * included), against `node -e 0` (Node's own start-up) and against the eager start-up every verb had before:
 * the same CLI with every verb's module loaded first (TensorFlow.js, the store, workers …), which is what
 * lib/cli/commands/index.ts imported at the top before verbs were loaded lazily. Medians of repeated runs, one
 * process each, measured in one run (the machine may be shared: compare the ratios). Target: ≤ 0.5 s.
 * Run: npx tsx bench/cli.bench.ts [repeats]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { formatMs, markdownTable, median, timeIt } from "./harness";

const repeats = Number(process.argv[2] ?? 10);
const ROOT = join(__dirname, "..");
const AIM = join(ROOT, "bin", "aim.cjs");
const TARGET_MS = 500;
/** GNU time reports a child's CPU time (user + system), which a shared machine inflates far less than wall time. */
const GNU_TIME = "/usr/bin/time";

/** The CLI with every verb loaded before it runs: the start-up before lazy verbs. */
const EAGER = [
  'require("tsx/cjs");',
  'const { COMMANDS } = require("./lib/cli/commands/index.ts");',
  "for (const c of COMMANDS) c.load();",
  'require("./lib/cli/main.ts").main(process.argv.slice(1)).then((code) => { process.exitCode = code; });',
].join(" ");

const COMMANDS: Array<[string, string[]]> = [
  ["aim threshold --rho 0.5 --T 2", ["threshold", "--rho", "0.5", "--T", "2"]],
  ["aim se --channel softmax --rho 0.5 --T 2 --alpha 0.1 (one point)", ["se", "--channel", "softmax", "--rho", "0.5", "--T", "2", "--alpha", "0.1"]],
  ["aim sweep se --alpha 0.05,0.1", ["sweep", "se", "--alpha", "0.05,0.1"]],
];

/** Runs `node ARGS` once; returns its CPU time in ms when GNU time is there (else NaN). */
function run(args: string[]): number {
  const timed = existsSync(GNU_TIME);
  const r = timed
    ? spawnSync(GNU_TIME, ["-f", "cpu %U %S", process.execPath, ...args], { cwd: ROOT, encoding: "utf8" })
    : spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return cpu ? 1000 * (Number(cpu[1]) + Number(cpu[2])) : NaN;
}

/** Median wall time (timeIt) and median CPU time of `node ARGS`. */
async function measure(args: string[]): Promise<{ wall: number; cpu: number }> {
  const cpus: number[] = [];
  const wall = (await timeIt(() => cpus.push(run(args)), { repeats, warmup: 2 })).median;
  return { wall, cpu: median(cpus.slice(2)) };
}

const ms = (x: number) => (Number.isNaN(x) ? "–" : formatMs(x));

async function main() {
  const load = loadavg()[0];
  const node = await measure(["-e", "0"]);
  const rows: string[][] = [["node -e 0", ms(node.wall), ms(node.cpu), "1.0×", "—", "—", "—"]];
  for (const [label, argv] of COMMANDS) {
    const lazy = await measure([AIM, ...argv]);
    const eager = await measure(["-e", EAGER, ...argv]);
    rows.push([
      label,
      ms(lazy.wall),
      ms(lazy.cpu),
      `${(lazy.wall / node.wall).toFixed(1)}×`,
      `${ms(eager.wall)} (CPU ${ms(eager.cpu)})`,
      `${(eager.wall / lazy.wall).toFixed(1)}×`,
      lazy.wall <= TARGET_MS ? "≤ 0.5 s: yes" : "≤ 0.5 s: NO",
    ]);
  }
  console.log(`## CLI start-up, whole process (medians of ${repeats} runs; load average ${load.toFixed(1)} at the start)\n`);
  console.log(markdownTable(["command", "wall", "CPU", "wall vs node -e 0", "every verb loaded first (before)", "before / now", "target (wall)"], rows));
  if (load > 1.5) console.log("\nThe machine was busy: wall times are inflated; the CPU column and the ratios are the comparable numbers.");
}

main();
