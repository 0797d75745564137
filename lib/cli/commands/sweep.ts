import { HARDMAX_SCORES } from "../../channels/hardmax";
import { CHANNEL_NAMES } from "../../channels/registry";
import { runSweepPoint, SweepPoint, sweepGrid, SweepRow, SWEEP_KINDS } from "../../phases/sweep";
import type { ColumnType, RowOf, Schema } from "../../store/csv";
import type * as Table from "../../store/table";
import { ParameterError } from "../../util/check";
import { checkKnownFlags, listFlag, numberFlag, optionalString, stringFlag } from "../args";
import type { Command } from "../command";
import { mapInWorkers } from "../../parallel/pool";
import { progressBar } from "../progress";

const FLAGS = ["channel", "rho", "T", "beta", "alpha", "score", "noise", "seed", "points", "d", "steps", "lr", "average", "samples", "tests", "workers", "out"] as const;

/** The grid parameters that identify a row of a sweep file (for resuming), and their column types. */
const KEY_FIELDS = ["kind", "channel", "rho", "T", "beta", "alpha"] as const;
const KEY_SCHEMA = { kind: "string", channel: "string", rho: "number", T: "number", beta: "number", alpha: "number" } as const;
/** Milliseconds between batch writes of --out. */
const FLUSH_MS = 5000;

/** The CSV schema of a sweep's rows, from the first row (booleans are written as the strings true/false). */
function schemaOf(row: SweepRow): Schema {
  const schema: Record<string, ColumnType> = {};
  for (const [k, v] of Object.entries(row)) schema[k] = typeof v === "number" ? "number" : "string";
  return schema;
}

function csvRow(row: SweepRow): Record<string, number | string> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v]));
}

export const sweepCommand: Command = {
  name: "sweep",
  summary: "sweep any of α, ρ, T, β over lists or grids (se, gen), in parallel, to JSON lines or a CSV",
  usage: [
    "aim sweep KIND --alpha LIST [--rho LIST] [--T LIST] [--beta LIST] [--channel softmax|hardmax|linear]",
    "          [--score exact|published] [--noise S] [--seed N] [--points N] [--workers N] [--out data/x.csv]",
    "          [--d D --steps N --lr X --average K --samples M]   (kind gd)",
    "          [--d D --samples M --tests N]                       (kind amptest: N fresh test samples per problem)",
    "",
    `KIND: ${Object.entries(SWEEP_KINDS)
      .map(([k, v]) => `${k} (${v.summary})`)
      .join("; ")}.`,
    "LIST: a comma list (0.1,0.2) or a grid lin:START:STOP:N / log:START:STOP:N. Defaults: --rho 0.5 --T 2 --beta 1.",
    "The grid is the product of the lists, ρ outermost and α innermost; rows come out in that order whatever the",
    "worker scheduling. Prints one JSON object per point, or with --out writes a tidy CSV and its manifest",
    "(written in batches and resumable: points already in the file are skipped). --workers (default: all cores) runs points on worker",
    "threads; --workers 0 runs them inline (gd always does; se does unless --workers is given: its points take",
    "less than a worker's start-up). --seed and --points set the QMC of 'gen' at T > 2 and the seed of gd.",
    "A sweep file holds one setting of the fixed options (rows are keyed by kind, channel, ρ, T, β, α).",
  ].join("\n"),
  async run(args, io) {
    checkKnownFlags(args, FLAGS);
    const kind = args.positional[0];
    if (kind === undefined) throw new ParameterError("KIND", `given as the first argument: one of ${Object.keys(SWEEP_KINDS).join(", ")}`, "nothing");
    const grid = sweepGrid({
      kind,
      channel: stringFlag(args, "channel", CHANNEL_NAMES, "softmax"),
      rho: listFlag(args, "rho", { gt: 0 }, [0.5]),
      T: listFlag(args, "T", { integer: true, ge: 2 }, [2]),
      beta: listFlag(args, "beta", { gt: 0 }, [1]),
      alpha: listFlag(args, "alpha", { ge: 0 }),
      score: stringFlag(args, "score", HARDMAX_SCORES, "exact"),
      noise: numberFlag(args, "noise", { ge: 0 }, 0),
      seed: numberFlag(args, "seed", { integer: true, ge: 0 }, 0),
      points: numberFlag(args, "points", { integer: true, ge: 2 }, 4096),
      d: numberFlag(args, "d", { integer: true, ge: 2 }, 100),
      steps: numberFlag(args, "steps", { integer: true, ge: 1 }, 1000),
      lr: numberFlag(args, "lr", { gt: 0 }, 0.1),
      average: numberFlag(args, "average", { integer: true, ge: 1 }, 1),
      samples: numberFlag(args, "samples", { integer: true, ge: 1 }, 1),
      tests: numberFlag(args, "tests", { integer: true, ge: 2 }, 2000),
    });
    const out = optionalString(args, "out");
    if (out !== undefined && !out.endsWith(".csv")) throw new ParameterError("out", "a path ending in .csv", out);
    // kinds that cannot share the process (TensorFlow.js) run inline, one point at a time
    // cheap kinds (se) run inline unless --workers is given: a worker's start-up costs more than their points
    const workers = SWEEP_KINDS[kind].parallel === false ? 0 : args.flags.has("workers") ? numberFlag(args, "workers", { integer: true, ge: 0 }) : SWEEP_KINDS[kind].inline ? 0 : undefined;

    const started = Date.now();
    let todo: SweepPoint[] = grid;
    // the table store (with its CSV parser) is loaded only when a file is written
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const table = out === undefined ? undefined : (require("../../store/table") as typeof Table);
    if (out !== undefined && table !== undefined) {
      const KEY = table.pointKey(...KEY_FIELDS);
      todo = table.pendingPointsInFile(out, KEY_SCHEMA, grid, (p) => KEY(p as unknown as Record<string, string | number>));
      if (todo.length < grid.length) io.err(`aim sweep: ${grid.length - todo.length} of ${grid.length} points already in ${out}; computing ${todo.length}\n`);
    }
    // rows arrive in grid order; with --out they are appended in batches, so an interrupted run keeps its work
    let buffer: SweepRow[] = [];
    let lastFlush = Date.now();
    let flushedAt = started;
    const flush = () => {
      if (out === undefined || table === undefined || buffer.length === 0) return;
      const now = Date.now();
      table.appendTable(out, schemaOf(buffer[0]), buffer.map(csvRow) as RowOf<Schema>[], {
        parameters: { verb: "sweep", kind, flags: Object.fromEntries(args.flags), points: grid.length },
        seed: grid[0].seed,
        runtimeSeconds: (now - flushedAt) / 1000,
      });
      flushedAt = now;
      lastFlush = now;
      buffer = [];
    };
    const progress = progressBar(todo.length, io, { label: `sweep ${kind}` });
    await mapInWorkers<SweepPoint, SweepRow>(require.resolve("../../phases/sweep"), "runSweepPoint", todo, {
      workers,
      onResult(_, row) {
        progress.tick();
        if (out === undefined) io.out(JSON.stringify(row));
        else {
          buffer.push(row);
          if (Date.now() - lastFlush > FLUSH_MS) flush();
        }
      },
    });
    flush();
    progress.done();
    if (out !== undefined) io.err(`aim sweep: ${todo.length} rows written to ${out}\n`);
  },
};
