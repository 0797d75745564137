import type { TopLevelSpec } from "vega-lite";
import { softmax } from "../channels/softmax";
import { DeepGDRow, parseListCell } from "../gd/deep-table";
import { logGrid } from "../numeric/grid";
import { solveSECurve } from "../se/solve";
import { alphaCount } from "../se/thresholds";
import { DEEP_GD, DeepErrorPoint, errorAxis, errorDomain, errorPoints, protocolOf, ratioAxis, readDeepRows } from "./deep-gd";
import { defineFigure, figureFrame } from "./figure";
import { SIZES } from "./theme";

/**
 * Figure deep-oracle (theory.md §10): the cost of not knowing the other layer. At T = 2, c = 1 (data/gd-deep.csv),
 * each layer's error when the student trains both layers (dashed) against the same layer's error when the other
 * layer is fixed to the teacher's and only this one is trained (solid, "oracle"), single runs and K-run averages
 * side by side, on the α/α_count axis. Black: the one-layer state-evolution error (softmax channel, ρ of the layer)
 * at the same α — a reference for scale, NOT the Bayes-optimal error of the two-layer model, which is not known
 * (§10); it reaches 0 at α_PR(ρ) = α_count/2 and is drawn down to the axis floor.
 */

export interface DeepOracleData {
  /** errors of the trained layers: `setting` says what was trained */
  points: Array<DeepErrorPoint & { setting: string }>;
  /** the one-layer SE error at α = ratio · α_count */
  se: Array<{ ratio: number; mmse: number }>;
  T: number;
  c: number;
  protocol: string;
}

export const DEEP_ORACLE = { T: 2, c: 1, sePoints: 80 } as const;

/** "both layers trained" or "layer 2 only (layer 1 = teacher's)" for the trained-layer cell of a row. */
export function settingOf(row: DeepGDRow): string {
  const trained = parseListCell(row.trained);
  if (trained.length === row.layers) return "both layers trained";
  const known = Array.from({ length: row.layers }, (_, l) => l + 1).filter((l) => !trained.includes(l));
  return `layer ${trained.join(", ")} only (layer ${known.join(", ")} = teacher's)`;
}

export function buildDeepOracle(data: DeepOracleData, title: string): TopLevelSpec {
  // the dash tells both-trained from oracle runs; the colour tells which layer's error (an oracle run's trained layer)
  const oracle = "one layer trained, the other the teacher's";
  const training = (setting: string) => (setting.startsWith("both") ? setting : oracle);
  const values = data.points.map((p) => ({ ...p, series: `layer ${p.layer}`, training: training(p.setting) }));
  const settings = [...new Set(values.map((v) => v.training))].sort();
  const x = ratioAxis;
  const domain = errorDomain(values.map((v) => v.error));
  const y = errorAxis("error of the layer ‖Ŝ − S‖²/d", domain);
  const colour = { field: "series", type: "nominal" as const, title: "error of", scale: { domain: ["layer 1", "layer 2"], range: DEEP_GD.layerColours.slice(0, 2) } };
  const dashes = settings.map((s) => (s.startsWith("both") ? [5, 3] : [1, 0]));
  const dash = { field: "training", type: "nominal" as const, title: "training", scale: { domain: settings, range: dashes }, legend: { labelLimit: 320 } };
  // the SE curve down to its first zero, drawn at the axis floor (log axis)
  const floor = domain[0];
  const firstZero = data.se.findIndex((s) => s.mmse <= 0);
  const se = (firstZero === -1 ? data.se : data.se.slice(0, firstZero + 1)).map((s) => ({ ratio: s.ratio, error: Math.max(s.mmse, floor) }));
  const one = { values: [{}] }; // rules drawn from a datum still need a data row in a panel without data
  const panel = (kind: "single" | "averaged") => ({
    title: kind === "single" ? "single runs" : "K-run averages",
    width: 300,
    height: 230,
    layer: [
      { data: { values: se }, mark: { type: "line", color: "black", strokeWidth: SIZES.strokeWidth, clip: true }, encoding: { x, y, order: { field: "ratio", type: "quantitative" } } },
      { data: one, mark: { type: "rule", color: "#555555" }, encoding: { x: { datum: 1, type: "quantitative" } } },
      { data: one, mark: { type: "rule", color: "#555555", strokeDash: [2, 2] }, encoding: { y: { datum: DEEP_GD.threshold, type: "quantitative" } } },
      {
        data: { values: values.filter((v) => v.kind === kind) },
        mark: { type: "line", point: true, clip: true, strokeWidth: 1.5 },
        encoding: { x, y, color: colour, strokeDash: dash, detail: { field: "setting" }, order: { field: "ratio", type: "quantitative" } },
      },
    ],
  });
  return {
    ...figureFrame(title),
    title: {
      text: title,
      subtitle: [
        `T = ${data.T}, c = ${data.c}, ${data.protocol}; vertical: α_count; dotted: error 1e-2`,
        "black: one-layer SE error at the same α, a reference for scale (not the Bayes-optimal error of the two-layer model)",
      ],
    },
    hconcat: [panel("single"), panel("averaged")],
  } as unknown as TopLevelSpec;
}

const TITLE = "Two-layer attention: the cost of not knowing the other layer";

export const deepOracleFigure = defineFigure({
  name: "deep-oracle",
  title: TITLE,
  description: "Each layer's GD error when both layers are trained vs when the other layer is the teacher's (oracle), T = 2, c = 1, with the one-layer SE curve for scale.",
  async load(): Promise<DeepOracleData> {
    const { T, c } = DEEP_ORACLE;
    const rows = readDeepRows().filter((r) => r.T === T && r.c === c && r.d === Math.min(...readDeepRows().map((q) => q.d)));
    const oracleRatios = new Set(rows.filter((r) => settingOf(r) !== "both layers trained").map((r) => r.alpha_ratio));
    const points = rows
      .filter((r) => oracleRatios.has(r.alpha_ratio))
      .flatMap((r) => {
        const trained = parseListCell(r.trained);
        return errorPoints(r)
          .filter((p) => trained.includes(p.layer))
          .map((p) => ({ ...p, setting: settingOf(r) }));
      });
    const rho = rows.length ? parseListCell(rows[0].rho)[0] : 0.5;
    const count = alphaCount([rho, rho], T);
    const ratios = logGrid(DEEP_GD.ratio[0], DEEP_GD.ratio[1], DEEP_ORACLE.sePoints);
    const curve = solveSECurve(softmax(T), rho, ratios.map((q) => q * count));
    return { points, se: curve.map((s, i) => ({ ratio: ratios[i], mmse: s.mmse })), T, c, protocol: protocolOf(rows) };
  },
  build(data: DeepOracleData): TopLevelSpec {
    return buildDeepOracle(data, TITLE);
  },
});
