import type { Command } from "../command";

/** Every verb of the `aim` CLI, in the order `aim help` lists them. */
export const COMMANDS: readonly Command[] = [];
