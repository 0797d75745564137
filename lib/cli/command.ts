import type { Args } from "./args";

/** Where a command writes: stdout for results, stderr for progress and messages. */
export interface IO {
  out(line: string): void;
  err(text: string): void;
  /** true when stderr is a terminal (progress bars redraw in place) */
  interactive: boolean;
}

/** One CLI verb. Each lives in lib/cli/commands/<verb>.ts and is listed in lib/cli/commands/index.ts. */
export interface Command {
  name: string;
  summary: string;
  /** full usage text shown by `aim help <verb>` */
  usage: string;
  run(args: Args, io: IO): Promise<void> | void;
}
