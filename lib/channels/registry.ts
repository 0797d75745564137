import { checkChoice } from "../util/check";
import type { Channel } from "./channel";
import { hardmax, HardmaxScore, HARDMAX_SCORES } from "./hardmax";
import { linear } from "./linear";
import { softmax } from "./softmax";

export const CHANNEL_NAMES = ["softmax", "hardmax", "linear"] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export interface ChannelOptions {
  T: number;
  /** softmax inverse temperature (default 1) */
  beta?: number;
  /** hardmax score variant (default "exact") */
  score?: HardmaxScore;
  /** linear channel noise standard deviation (default 0) */
  noise?: number;
}

/** Builds a channel by name: the one place the CLI and data files turn names into channels. */
export function makeChannel(name: string, options: ChannelOptions): Channel {
  switch (checkChoice("channel", name, CHANNEL_NAMES)) {
    case "softmax":
      return softmax(options.T, options.beta ?? 1);
    case "linear":
      return linear(options.T, options.noise ?? 0);
    case "hardmax":
      return hardmax(options.T, checkChoice("score", options.score ?? "exact", HARDMAX_SCORES));
  }
}
