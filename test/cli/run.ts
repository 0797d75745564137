import type { IO } from "../../lib/cli/command";
import { main } from "../../lib/cli/main";

/** Runs the `aim` CLI in-process with captured stdout lines and stderr text. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = "";
  const io: IO = { out: (l) => out.push(l), err: (t) => (err += t), interactive: false };
  const code = await main(argv, io);
  return { code, out, err };
}
