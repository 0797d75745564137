import type { Config } from "vega-lite";

/**
 * The look of every workbook figure: the authors' colours by width ratio ρ (theory.md §8), one font, one set of
 * sizes. Figure builders take colours and sizes from here only, so all figures match.
 */

/** The authors' colour for each ρ they plot (theory.md §8); ρ = 0 (the ρ → 0 limit) is black. */
export const RHO_COLOURS: ReadonlyArray<readonly [rho: number, colour: string]> = [
  [0, "#000000"],
  [0.05, "#577590"],
  [0.1, "#4d908e"],
  [0.2, "#43aa8b"],
  [0.5, "#90be6d"],
  [1, "#f9c74f"],
  [2, "#f8961e"],
  [5, "#f3722c"],
];

/** The dashed ρ = ∞ reference line. */
export const RHO_INFINITY_COLOUR = "#7f7f7f";

/**
 * The colour of width ratio ρ: the authors' colour when they used this ρ; otherwise the colour interpolated in
 * log ρ between the two neighbouring authors' colours (e.g. ρ = 0.3 lies between 0.2 and 0.5), so colour stays
 * monotone in ρ; beyond the table the end colours are used. ρ = ∞ gets the reference grey.
 */
export function rhoColour(rho: number): string {
  if (Number.isNaN(rho) || rho < 0) throw new RangeError(`rho must be a number ≥ 0 or Infinity (got ${rho})`);
  if (rho === Infinity) return RHO_INFINITY_COLOUR;
  const exact = RHO_COLOURS.find(([r]) => r === rho);
  if (exact) return exact[1];
  const positive = RHO_COLOURS.filter(([r]) => r > 0);
  const upper = positive.findIndex(([r]) => r > rho);
  if (upper === 0) return positive[0][1];
  if (upper === -1) return positive[positive.length - 1][1];
  const [r0, c0] = positive[upper - 1];
  const [r1, c1] = positive[upper];
  return mixHex(c0, c1, Math.log(rho / r0) / Math.log(r1 / r0));
}

/** Linear mix of two #rrggbb colours, t ∈ [0, 1]. */
function mixHex(a: string, b: string, t: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const mixed = [0, 1, 2].map((i) => Math.round(channel(a, i) * (1 - t) + channel(b, i) * t));
  return "#" + mixed.map((v) => v.toString(16).padStart(2, "0")).join("");
}

/** The legend label of a width ratio: "ρ = 0.5", "ρ = ∞". */
export function rhoLabel(rho: number): string {
  return `ρ = ${rho === Infinity ? "∞" : rho}`;
}

/**
 * A Vega-Lite colour scale for a set of ρ values keyed by their labels (`rhoLabel`), in the given order, so
 * legends list ρ ascending with the authors' colours.
 */
export function rhoColourScale(rhos: readonly number[]): { domain: string[]; range: string[] } {
  return { domain: rhos.map(rhoLabel), range: rhos.map(rhoColour) };
}

/** The one font of all figures. The PNG renderer loads exactly this family from a font file. */
export const FONT_FAMILY = "DejaVu Sans";

/** Sizes in pixels (SVG user units). */
export const SIZES = {
  width: 420,
  height: 300,
  title: 15,
  subtitle: 12,
  axisTitle: 13,
  axisLabel: 11,
  legendTitle: 12,
  legendLabel: 12,
  /** the widest legend label before Vega truncates it with "…" (its default, 160, cut notebook series names) */
  legendLabelLimit: 400,
  strokeWidth: 2,
  /** the smallest gap between two axis labels; closer ones are dropped (Vega's overlap removal) */
  labelSeparation: 4,
  /** the width of the white outline behind text labels drawn over curves (`haloed`) */
  halo: 3,
} as const;

/**
 * A text layer drawn twice, first as a white outline (Vega text marks take a stroke), so a label stays legible
 * where it crosses curves and grid lines.
 */
export function haloed<L extends { mark: { type: "text" } }>(layer: L): L[] {
  return [{ ...layer, mark: { ...layer.mark, stroke: "white", strokeWidth: SIZES.halo, strokeJoin: "round" } }, layer];
}

/** Vega-Lite configuration shared by every figure (fonts, sizes, a white background for the PNGs). */
export const THEME: Config = {
  font: FONT_FAMILY,
  background: "white",
  padding: 8,
  view: { continuousWidth: SIZES.width, continuousHeight: SIZES.height, stroke: "#333333" },
  title: { fontSize: SIZES.title, subtitleFontSize: SIZES.subtitle, anchor: "start", offset: 10 },
  axis: {
    titleFontSize: SIZES.axisTitle,
    labelFontSize: SIZES.axisLabel,
    labelSeparation: SIZES.labelSeparation,
    titleFontWeight: "normal",
    grid: true,
    gridColor: "#e6e6e6",
    tickColor: "#333333",
    domainColor: "#333333",
  },
  legend: {
    titleFontSize: SIZES.legendTitle,
    labelFontSize: SIZES.legendLabel,
    labelLimit: SIZES.legendLabelLimit,
    titleFontWeight: "normal",
    symbolStrokeWidth: SIZES.strokeWidth,
  },
  line: { strokeWidth: SIZES.strokeWidth },
};
