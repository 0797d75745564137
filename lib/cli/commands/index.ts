import type { Command } from "../command";
import { ampCommand } from "./amp";
import { dataCommand } from "./data";
import { gdCommand } from "./gd";
import { seCommand } from "./se";
import { sweepCommand } from "./sweep";
import { thresholdCommand } from "./threshold";

/** Every verb of the `aim` CLI, in the order `aim help` lists them. */
export const COMMANDS: readonly Command[] = [seCommand, thresholdCommand, sweepCommand, ampCommand, gdCommand, dataCommand];
