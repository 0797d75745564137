import type { TopLevelSpec } from "vega-lite";
import { DisplayBundle, kernelOutput } from "./kernel";
import { PNG_SCALE, rasterize, renderSVGSync } from "./render";

/** The MIME type JupyterLab renders interactively with Vega-Lite 5. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
export const SVG_MIME = "image/svg+xml";
export const PNG_MIME = "image/png";

/** The plain-text name of a figure: its title, or "figure". */
function titleOf(spec: TopLevelSpec): string {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && "text" in title) {
    const text = (title as { text: unknown }).text;
    return Array.isArray(text) ? text.join(" ") : String(text);
  }
  return "figure";
}

/**
 * One display bundle for a figure, each front end picking the richest type it trusts:
 *   - the Vega-Lite spec: interactive in JupyterLab (and VS Code);
 *   - its SVG, rendered headlessly: shown by trusted notebooks, GitHub, nbviewer;
 *   - the same SVG rasterized to PNG (resvg, DejaVu Sans, as `make figures`): shown for an untrusted notebook,
 *     whose SVG Jupyter Notebook hides and nbconvert 6.5 sanitizes down to its text (nbconvert prefers the SVG
 *     unless configured: jupyter/jupyter_config.json, used by `make html` and `make lab`);
 *   - a plain-text fallback.
 * The PNG carries its size in SVG units as metadata, so it displays at the SVG's size, sharp at 2× density.
 */
export function displayBundle(spec: TopLevelSpec): DisplayBundle {
  const json = JSON.parse(JSON.stringify(spec)) as unknown; // plain JSON: typed arrays and NaN do not survive the wire
  const svg = renderSVGSync(spec);
  const raster = rasterize(svg); // at PNG_SCALE, as make figures
  return {
    data: {
      [VEGALITE_MIME]: json,
      [SVG_MIME]: svg,
      [PNG_MIME]: Buffer.from(raster.png).toString("base64"),
      "text/plain": `[figure: ${titleOf(spec)}]`,
    },
    metadata: {
      [PNG_MIME]: { width: Math.round(raster.width / PNG_SCALE), height: Math.round(raster.height / PNG_SCALE) },
    },
  };
}

/**
 * Shows a Vega-Lite figure in a notebook as ONE output holding the Vega-Lite spec, its SVG and its PNG:
 *
 *     aim.display(spec);
 *
 * It is synchronous (the SVG and PNG are rendered while the cell runs), so no `await` is needed.
 * Outside a Jupyter kernel (scripts, tests) it prints one line saying so and how to save the figure instead.
 */
export function display(spec: TopLevelSpec): void {
  const bundle = displayBundle(spec);
  const output = kernelOutput();
  if (output === undefined) {
    process.stdout.write(`[figure "${titleOf(spec)}" not shown: not in a Jupyter kernel; use renderSVG/renderPNG or make figures]\n`);
    return;
  }
  output(bundle);
}
