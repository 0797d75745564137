import type { TopLevelSpec } from "vega-lite";
import { defineFigure, Figure, figureFrame } from "./figure";

/**
 * The paper's result figures assembled from the workbook's own panels (theory.md §8): each panel is a registered
 * figure (built by the area that owns it), placed side by side in the authors' layout. A panel keeps its own
 * data, scales, legend and parameters; only the top-level frame (schema, theme, title) is shared.
 *
 * paper-softmax = softmax-se | softmax-gd (with the AMP points of softmax-amp drawn by softmax-gd);
 * paper-hardmax = hardmax-se | hardmax-rho0.
 */

/** Properties only a top-level spec may carry; they are dropped from panels before concatenation. */
const TOP_LEVEL_ONLY = ["$schema", "config", "background", "padding", "autosize", "usermeta", "datasets"] as const;

/** A panel spec for hconcat: the figure's spec without top-level-only properties, its title kept as the panel title. */
export function asPanel(spec: TopLevelSpec): Record<string, unknown> {
  const panel: Record<string, unknown> = { ...(spec as unknown as Record<string, unknown>) };
  for (const key of TOP_LEVEL_ONLY) delete panel[key];
  return panel;
}

/** Specs side by side under one title; each keeps its own colour scale and legend. */
export function buildPanels(specs: readonly TopLevelSpec[], title: string, subtitle?: string): TopLevelSpec {
  if (specs.length === 0) throw new RangeError("buildPanels needs at least one panel");
  return {
    ...figureFrame(title, subtitle),
    hconcat: specs.map(asPanel),
    resolve: { scale: { color: "independent", strokeDash: "independent", shape: "independent" }, legend: { color: "independent" } },
  } as unknown as TopLevelSpec;
}

/**
 * A figure made of other registered figures, looked up by name when it loads (so the panels stay owned by their
 * areas). `lookup` is the registry's getFigure, passed in to avoid an import cycle with the registry.
 */
export function panelsFigure(options: {
  name: string;
  title: string;
  description: string;
  panels: readonly string[];
  lookup: (name: string) => Figure<unknown>;
}): Figure<TopLevelSpec[]> {
  return defineFigure({
    name: options.name,
    title: options.title,
    description: options.description,
    async load(): Promise<TopLevelSpec[]> {
      const specs: TopLevelSpec[] = [];
      for (const name of options.panels) {
        const figure = options.lookup(name);
        specs.push(figure.build(await figure.load()));
      }
      return specs;
    },
    build(specs: TopLevelSpec[]): TopLevelSpec {
      return buildPanels(specs, options.title);
    },
  });
}

/** The panels of the two assembled paper figures (theory.md §8). */
export const PAPER_FIGURES = {
  "paper-softmax": {
    title: "Softmax attention: Bayes-optimal error, AMP and gradient descent",
    description: "The paper's softmax figure: SE error vs α for several ρ (left); GD single/averaged and AMP vs the universal SE curve in ᾱ (right).",
    panels: ["softmax-se", "softmax-gd"],
  },
  "paper-hardmax": {
    title: "Hardmax attention: Bayes-optimal error and the ρ → 0 transition",
    description: "The paper's hardmax figure: SE (exact and published scores) with AMP vs α (left); error vs α/ρ and the ρ → 0 limit (right).",
    panels: ["hardmax-se", "hardmax-rho0"],
  },
} as const;
