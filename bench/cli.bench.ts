/**
 * CLI start-up (issue 11): whole-process wall time of light verbs as users run them (`node bin/aim.cjs …`, tsx
 * included), against `node -e 0` (Node's own start-up) and against the eager start-up every verb had before:
 * the same CLI with every verb's module loaded first (TensorFlow.js, the store, workers …), which is what
 * lib/cli/commands/index.ts imported at the top before verbs were loaded lazily. Medians of repeated runs, one
 * process each, measured in one run (the machine may be shared: compare the ratios). Target: ≤ 0.5 s.
 * Run: npx tsx bench/cli.bench.ts [repeats]
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { formatMs, markdownTable, timeIt } from "./harness";

const repeats = Number(process.argv[2] ?? 10);
const ROOT = join(__dirname, "..");
const AIM = join(ROOT, "bin", "aim.cjs");
const TARGET_MS = 500;

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

function run(args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
}

async function main() {
  const options = { repeats, warmup: 2 };
  const node = (await timeIt(() => run(["-e", "0"]), options)).median;
  const rows: string[][] = [["node -e 0", formatMs(node), "1.0×", "—", "—", "—"]];
  for (const [label, argv] of COMMANDS) {
    const lazy = (await timeIt(() => run([AIM, ...argv]), options)).median;
    const eager = (await timeIt(() => run(["-e", EAGER, ...argv]), options)).median;
    rows.push([
      label,
      formatMs(lazy),
      `${(lazy / node).toFixed(1)}×`,
      formatMs(eager),
      `${(eager / lazy).toFixed(1)}×`,
      lazy <= TARGET_MS ? "≤ 0.5 s: yes" : "≤ 0.5 s: NO",
    ]);
  }
  console.log(`## CLI start-up, whole process (medians of ${repeats} runs)\n`);
  console.log(markdownTable(["command", "bin/aim.cjs (lazy verbs)", "vs node -e 0", "every verb loaded first (before)", "before / now", "target"], rows));
}

main();
