import { ParameterError } from "../util/check";
import { parseArgs } from "./args";
import type { IO } from "./command";
import { COMMANDS } from "./commands";

/** Exit codes: 0 success, 1 runtime failure, 2 bad arguments (one line naming the parameter and range). */
export async function main(argv: readonly string[], io: IO = processIO()): Promise<number> {
  const args = parseArgs(argv);
  if (args.verb === "help" || args.verb === "--help" || args.verb === "-h") {
    const verb = args.positional[0];
    const command = COMMANDS.find((c) => c.name === verb);
    io.out(command ? command.load().usage : overview());
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === args.verb);
  if (!entry) {
    io.err(`aim: unknown command '${args.verb}'; commands: ${COMMANDS.map((c) => c.name).join(", ")}\n`);
    return 2;
  }
  // only this verb's module is loaded (with what it imports): light verbs start fast
  const command = entry.load();
  try {
    await command.run(args, io);
    return 0;
  } catch (error) {
    if (error instanceof RangeError || error instanceof ParameterError) {
      io.err(`aim ${command.name}: ${error.message}\n`);
      return 2;
    }
    // a data file that cannot be read or resumed (lib/store's DataFileError, matched by name so that this entry
    // does not load the CSV code): a runtime failure, said in one line naming the file
    if (error instanceof Error && error.name === "DataFileError") {
      io.err(`aim ${command.name}: ${error.message}\n`);
      return 1;
    }
    io.err(`aim ${command.name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}

/** The list of verbs with their summaries (loads every verb's module). */
function overview(): string {
  const commands = COMMANDS.map((c) => c.load());
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "aim: the attention-indexed model workbook",
    "",
    "usage: aim <command> [--flag value …]   (aim help <command> for details)",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

export function processIO(): IO {
  // `aim … | head` closes stdout early: stop quietly instead of crashing on EPIPE
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  return {
    out: (line) => process.stdout.write(line.endsWith("\n") ? line : line + "\n"),
    err: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY),
  };
}
