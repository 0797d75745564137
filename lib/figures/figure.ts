import type { Config, TopLevelSpec } from "vega-lite";
import { THEME } from "./theme";

/**
 * A named figure: data → Vega-Lite spec (`build`, pure) plus the loader of its data (`load`: reads data/ and
 * computes missing theory curves on the fly). Figures are listed in ./registry.ts.
 */
export interface Figure<D> {
  /** file name stem and CLI name: lowercase words joined by "-" */
  readonly name: string;
  /** the title drawn on the figure */
  readonly title: string;
  /** one line on what the figure shows (README gallery) */
  readonly description: string;
  /** reads the figure's data from data/ (or computes it) */
  load(): Promise<D>;
  /** the Vega-Lite spec for this data; pure */
  build(data: D): TopLevelSpec;
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Declares a figure, checking its name; `D` is inferred from `load`. */
export function defineFigure<D>(figure: Figure<D>): Figure<D> {
  if (!NAME.test(figure.name)) throw new RangeError(`figure name must be lowercase words joined by "-" (got ${JSON.stringify(figure.name)})`);
  return figure;
}

/** The frame every figure spec starts from: schema, title (and subtitle) and the shared theme. */
export function figureFrame(title: string, subtitle?: string): FigureFrame {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    config: THEME,
  };
}

export interface FigureFrame {
  $schema: string;
  title: { text: string; subtitle?: string };
  config: Config;
}
