import type { Command } from "../command";

/**
 * A verb of the `aim` CLI by name, its module loaded on first use: `aim threshold` loads threshold.ts and what it
 * imports, never the TensorFlow.js, Vega or worker code of other verbs (test/cli/startup.test.ts checks this).
 */
export interface CommandEntry {
  name: string;
  load(): Command;
}

/** Every verb of the `aim` CLI, in the order `aim help` lists them. Append point: one line per verb. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "se", load: () => (require("./se") as typeof import("./se")).seCommand },
  { name: "threshold", load: () => (require("./threshold") as typeof import("./threshold")).thresholdCommand },
  { name: "sweep", load: () => (require("./sweep") as typeof import("./sweep")).sweepCommand },
  { name: "amp", load: () => (require("./amp") as typeof import("./amp")).ampCommand },
  { name: "gd", load: () => (require("./gd") as typeof import("./gd")).gdCommand },
  { name: "data", load: () => (require("./data") as typeof import("./data")).dataCommand },
];
