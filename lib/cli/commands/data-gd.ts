import { BACKEND_NAMES } from "../../tensor/backend";
import { DEEP_GD_PRESET_NAMES, GD_PRESET_NAMES, presetFile, runDeepPreset, runPreset } from "../../gd/presets";
import { dataPath } from "../../store/paths";
import { checkKnownFlags, listFlag, numberFlag, optionalString, stringFlag } from "../args";
import type { DataSubcommand } from "./data";
import { ParameterError } from "../../util/check";
import { progressBar } from "../progress";

/** `aim data gd --preset NAME`: the GD experiment grid of lib/gd/presets.ts, one CSV row per point. */
export const gdData: DataSubcommand = {
  summary: "GD single/averaged errors vs SE; per-layer errors of L-layer students (data/gd-<preset>.csv + manifest)",
  usage: [
    `aim data gd --preset ${[...GD_PRESET_NAMES, ...DEEP_GD_PRESET_NAMES].join("|")} [--file NAME] [--backend auto|tensorflow|wasm|cpu] [--workers N] [--near A,B,…]`,
    `  ${DEEP_GD_PRESET_NAMES.join(", ")}: two-layer students (theory.md §10), per-layer errors and oracle runs (lib/gd/presets.ts; no --near).`,
    "  NAME: a file in data/, or an absolute path; N: worker threads, one problem (point, sample) per task",
    "  (default: all cores; 0 runs them inline). --near: only the grid points nearest to these α (for each T), e.g.",
    "  the ones a table needs first; the same rows as the full run, which a later run without --near completes.",
    "Points already in the file are skipped; each point is appended as soon as its last problem is done",
    "(Ctrl-C loses at most the unfinished points). Prints one JSON line per computed point.",
  ].join("\n"),
  async run(args, io) {
    checkKnownFlags(args, ["preset", "file", "backend", "workers", "near"]);
    const preset = stringFlag(args, "preset", [...GD_PRESET_NAMES, ...DEEP_GD_PRESET_NAMES], "quick");
    const file = dataPath(optionalString(args, "file") ?? presetFile(preset));
    const backend = stringFlag(args, "backend", [...BACKEND_NAMES, "auto"] as const, "auto");
    const workers = args.flags.has("workers") ? numberFlag(args, "workers", { integer: true, ge: 0 }) : undefined;
    const near = args.flags.has("near") ? listFlag(args, "near", { gt: 0 }) : undefined;
    let bar: ReturnType<typeof progressBar> | undefined;
    const options = {
      file,
      backend,
      workers,
      onStart: (points: number, tasks: number) => {
        io.err(`aim data gd: ${preset}: ${points} point(s), ${tasks} problem(s) to compute → ${file}\n`);
        bar = progressBar(tasks, io, { label: `gd ${preset} problems` });
      },
      onTask: () => bar?.tick(),
      onRow: (row: object) => io.out(JSON.stringify(row)),
    };
    const deep = (DEEP_GD_PRESET_NAMES as string[]).includes(preset);
    if (deep && near !== undefined) throw new ParameterError("near", `only with the one-layer presets (${GD_PRESET_NAMES.join(", ")})`, near.join(","));
    const rows = deep ? await runDeepPreset(preset, options) : await runPreset(preset, { ...options, near });
    bar?.done();
    io.err(`${rows.length} point(s) computed; ${file}\n`);
  },
};
