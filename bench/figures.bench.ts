/**
 * Figure pipeline and data store benchmarks: how long `make figures` spends per phase on the softmax-se figure,
 * and CSV table round trips. Medians of repeated runs.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { displayBundle } from "../lib/figures/display";
import { softmaxSE, softmaxSECurves, SOFTMAX_SE } from "../lib/figures/softmax-se";
import { compileSpec, rasterize, renderSVGSync } from "../lib/figures/render";
import { readCSV } from "../lib/store/csv";
import { pendingPointsInFile, pointKey, writeTable } from "../lib/store/table";
import { formatMs, markdownTable, timeIt } from "./harness";

/** Rows in the CSV round-trip benchmark: about a 300 × 300 (ρ, α) map. */
const TABLE_ROWS = 100_000;

async function main() {
  const rows = await softmaxSE.load();
  const spec = softmaxSE.build(rows);
  const svg = renderSVGSync(spec);
  const { T, rhos, points } = SOFTMAX_SE;

  const figureRows: Array<[string, number]> = [
    [`SE curves: ${rhos.length} × ${points} points (load)`, (await timeIt(() => softmaxSECurves(T, rhos, points), { repeats: 3 })).median],
    ["Vega-Lite → Vega compile", (await timeIt(() => compileSpec(spec))).median],
    ["SVG (compile + Vega view + SVG renderer)", (await timeIt(() => renderSVGSync(spec))).median],
    ["PNG at scale 2 (resvg, DejaVu)", (await timeIt(() => rasterize(svg))).median],
    ["notebook display bundle (JSON + SVG)", (await timeIt(() => displayBundle(spec))).median],
  ];
  console.log("## Figure pipeline (softmax-se)\n");
  console.log(markdownTable(["phase", "median"], figureRows.map(([name, ms]) => [name, formatMs(ms)])));

  const schema = { rho: "number", alpha: "number", mmse: "number" } as const;
  const table = Array.from({ length: TABLE_ROWS }, (_, i) => ({ rho: 0.01 * (1 + (i % 300)), alpha: i / TABLE_ROWS, mmse: Math.exp(-i / 5000) }));
  const file = join(mkdtempSync(join(tmpdir(), "aim-bench-")), "map.csv");
  const run = { parameters: {}, runtimeSeconds: 0 };
  const key = pointKey("rho", "alpha");
  const storeRows: Array<[string, number]> = [
    [`write ${TABLE_ROWS} rows + manifest (atomic)`, (await timeIt(() => writeTable(file, schema, table, run), { repeats: 3 })).median],
    [`read ${TABLE_ROWS} rows (typed, checked)`, (await timeIt(() => readCSV(file, schema), { repeats: 3 })).median],
    [`pending points among ${TABLE_ROWS} (resume)`, (await timeIt(() => pendingPointsInFile(file, schema, table, key), { repeats: 3 })).median],
  ];
  console.log("\n## Data store (CSV + manifest)\n");
  console.log(markdownTable(["operation", "median"], storeRows.map(([name, ms]) => [name, formatMs(ms)])));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
