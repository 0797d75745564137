import { BACKEND_NAMES } from "../../tensor/backend";
import { GD_PRESET_NAMES, presetFile, runPreset } from "../../gd/presets";
import { dataPath } from "../../store/paths";
import { checkKnownFlags, optionalString, stringFlag } from "../args";
import type { DataSubcommand } from "./data";
import { progressBar } from "../progress";

/** `aim data gd --preset quick|paper`: the GD experiment grid of lib/gd/presets.ts, one CSV row per point. */
export const gdData: DataSubcommand = {
  summary: "GD single/averaged errors vs SE for T = 2..6 (data/gd-<preset>.csv + manifest)",
  usage: [
    "aim data gd --preset quick|paper [--file NAME] [--backend auto|tensorflow|wasm|cpu]   (NAME: a file in data/, or an absolute path)",
    "Points already in the file are skipped; each finished point is appended at once (Ctrl-C loses at most one).",
    "Prints one JSON line per computed point.",
  ].join("\n"),
  async run(args, io) {
    checkKnownFlags(args, ["preset", "file", "backend"]);
    const preset = stringFlag(args, "preset", GD_PRESET_NAMES, "quick");
    const file = dataPath(optionalString(args, "file") ?? presetFile(preset));
    const backend = stringFlag(args, "backend", [...BACKEND_NAMES, "auto"] as const, "auto");
    let bar: ReturnType<typeof progressBar> | undefined;
    const rows = await runPreset(preset, {
      file,
      backend,
      onPoint: (i, pending, p) => {
        bar?.done();
        bar = undefined;
        io.err(`point ${i + 1}/${pending}: T = ${p.T}, alpha = ${p.alpha}\n`);
      },
      onRow: (row) => io.out(JSON.stringify(row)),
      onStep: (done, total) => {
        bar ??= progressBar(total, io, { label: "  Adam steps" });
        bar.tick();
      },
    });
    bar?.done();
    io.err(`${rows.length} point(s) computed; ${file}\n`);
  },
};
