import type { Command } from "../command";
import { seCommand } from "./se";
import { sweepCommand } from "./sweep";
import { thresholdCommand } from "./threshold";
import { gdCommand } from "./gd";
import { dataCommand } from "./data";

/** Every verb of the `aim` CLI, in the order `aim help` lists them. */
export const COMMANDS: readonly Command[] = [seCommand, thresholdCommand, sweepCommand, gdCommand, dataCommand];
