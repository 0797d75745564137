import type { Args } from "../args";
import type { Command, IO } from "../command";
import { ampData } from "./data-amp";
import { gdData } from "./data-gd";

/**
 * `aim data <experiment> …`: (re)computes a data set in data/, resumably. One entry per experiment; each lives
 * in lib/cli/commands/data-<experiment>.ts. Append point: add one line to SUBCOMMANDS.
 */
export interface DataSubcommand {
  summary: string;
  usage: string;
  run(args: Args, io: IO): Promise<void> | void;
}

const SUBCOMMANDS: Record<string, DataSubcommand> = {
  amp: ampData,
  gd: gdData,
};

export const dataCommand: Command = {
  name: "data",
  summary: "recompute a data set in data/ (resumable point by point): " + Object.keys(SUBCOMMANDS).join(", "),
  usage: [
    "aim data <experiment> [--flag value …]",
    "",
    ...Object.entries(SUBCOMMANDS).map(([name, sub]) => `  ${name}: ${sub.summary}\n    ${sub.usage.split("\n").join("\n    ")}`),
  ].join("\n"),
  async run(args, io) {
    const [experiment, ...rest] = args.positional;
    const sub = experiment === undefined ? undefined : SUBCOMMANDS[experiment];
    if (!sub) {
      throw new RangeError(`experiment must be one of ${Object.keys(SUBCOMMANDS).join(", ")} (got ${JSON.stringify(experiment ?? "nothing")})`);
    }
    await sub.run({ ...args, verb: `data ${experiment}`, positional: rest }, io);
  },
};
