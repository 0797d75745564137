import type { TopLevelSpec } from "vega-lite";
import { checkChoice } from "../util/check";
import type { Figure } from "./figure";
import { softmaxSE } from "./softmax-se";
import { phaseDiagram } from "./phase-diagram";
import { generalizationFigure } from "./generalization";
import { alphaPRFigure } from "./alpha-pr";
import { hardmaxRho0Figure, hardmaxSEFigure } from "./hardmax-se";
import { softmaxGD } from "./softmax-gd";
import { deepGDFigure } from "./deep-gd";
import { deepOracleFigure } from "./deep-oracle";
import { hardmaxAmp, softmaxAmp } from "./amp";
import { PAPER_FIGURES, panelsFigure } from "./paper";

/**
 * The registry of named figures (see ./figure.ts). `make figures` renders every figure listed here to
 * figures/NAME.svg and figures/NAME.png; notebooks show one with `await display(await figureSpec(name))`.
 */

/**
 * Every registered figure, in gallery order. Append point: each area adds its figures here (one line each).
 * (Method parameters are bivariant in TypeScript, so figures with different data types share this list.)
 */
export const FIGURES: ReadonlyArray<Figure<unknown>> = [
  softmaxSE,
  phaseDiagram,
  generalizationFigure,
  alphaPRFigure,
  hardmaxSEFigure,
  hardmaxRho0Figure,
  softmaxGD,
  softmaxAmp,
  hardmaxAmp,
  deepGDFigure,
  deepOracleFigure,
  ...Object.entries(PAPER_FIGURES).map(([name, f]) => panelsFigure({ name, ...f, lookup: (n) => getFigure(n) })),
];

/** The names of all registered figures. */
export function figureNames(): string[] {
  return FIGURES.map((f) => f.name);
}

/** The figure called `name`; a ParameterError listing the names otherwise. */
export function getFigure(name: string): Figure<unknown> {
  const names = figureNames();
  if (new Set(names).size !== names.length) throw new Error(`duplicate figure names in the registry: ${names.join(", ")}`);
  const chosen = checkChoice("figure", name, names);
  return FIGURES.find((f) => f.name === chosen) as Figure<unknown>;
}

/** Loads a registered figure's data and builds its spec. */
export async function figureSpec(name: string): Promise<TopLevelSpec> {
  const figure = getFigure(name);
  return figure.build(await figure.load());
}
