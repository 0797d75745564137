import type { TopLevelSpec } from "vega-lite";
import { DisplayBundle, kernelOutput } from "./kernel";
import { renderSVGSync } from "./render";

/** The MIME type JupyterLab renders interactively with Vega-Lite 5. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
export const SVG_MIME = "image/svg+xml";

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
 * One display bundle for a figure: the Vega-Lite spec (interactive in JupyterLab), its SVG rendered headlessly
 * (shown by GitHub, nbviewer, VS Code and any viewer without Vega), and a plain-text fallback.
 */
export function displayBundle(spec: TopLevelSpec): DisplayBundle {
  const json = JSON.parse(JSON.stringify(spec)) as unknown; // plain JSON: typed arrays and NaN do not survive the wire
  return {
    data: { [VEGALITE_MIME]: json, [SVG_MIME]: renderSVGSync(spec), "text/plain": `[figure: ${titleOf(spec)}]` },
    metadata: {},
  };
}

/**
 * Shows a Vega-Lite figure in a notebook as ONE output holding both the Vega-Lite spec and its SVG:
 *
 *     aim.display(spec);
 *
 * It is synchronous (the SVG is rendered while the cell runs), so no `await` is needed.
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
