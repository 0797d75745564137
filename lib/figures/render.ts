import { Resvg } from "@resvg/resvg-js";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import * as vega from "vega";
import { compile, TopLevelSpec } from "vega-lite";
import { FontMetrics, loadFontMetrics } from "./font-metrics";
import { FONT_FAMILY } from "./theme";

/**
 * Headless rendering of Vega-Lite specs, in numbered phases (style: vega-lite's compile pipeline):
 *   1. compile the Vega-Lite spec to Vega, collecting compiler warnings;
 *   2. run it in a vega View with renderer "none" (no canvas, no browser) and serialize the scene to SVG;
 *   3. rasterize the SVG with resvg, given the DejaVu font files explicitly (resvg draws no text without them).
 */

/** A compiled figure: the Vega spec and the Vega-Lite compiler's warnings (a registered figure should have none). */
export interface Compiled {
  vega: vega.Spec;
  warnings: string[];
}

/** Phase 1: Vega-Lite → Vega. Compiler errors throw; warnings are returned instead of being printed. */
export function compileSpec(spec: TopLevelSpec): Compiled {
  const warnings: string[] = [];
  const collect = (...message: unknown[]) => {
    warnings.push(message.map(String).join(" "));
    return logger;
  };
  const ignore = () => logger;
  const fail = (...message: unknown[]): never => {
    throw new Error(`vega-lite: ${message.map(String).join(" ")}`);
  };
  const logger = { level: () => 0, error: fail, warn: collect, info: ignore, debug: ignore };
  const compiled = compile(spec, { logger: logger as never });
  return { vega: compiled.spec, warnings };
}

/**
 * The parts of a vega View that its headless renderers use but its type declarations do not expose
 * (vega-view: initializeRenderer, width, height, offset).
 */
interface ViewInternals {
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
  scenegraph(): { root: unknown };
}

interface HeadlessSVGRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scaleFactor: number): HeadlessSVGRenderer;
  background(colour: unknown): HeadlessSVGRenderer;
  render(scene: unknown): HeadlessSVGRenderer;
  svg(): string;
}

/**
 * Phases 1–2, synchronously: a Vega-Lite spec rendered to an SVG document (a string starting with "<svg").
 *
 * `view.toSVG()` is asynchronous, but a notebook display must be emitted while its cell runs, and notebook
 * authors write `aim.display(spec)` without `await`. With inline data (all our figures) the Vega dataflow
 * evaluates synchronously in `view.run()`, so this does what `toSVG` does (vega-view's renderHeadless) without
 * awaiting: size the headless SVG renderer from the view and render its scenegraph. The test suite checks that
 * the result equals `toSVG()`'s. Specs that load data from a URL are rejected.
 */
export function renderSVGSync(spec: TopLevelSpec): string {
  measureTextWithFont();
  const compiled = compileSpec(spec).vega;
  if ((compiled.data ?? []).some((d) => "url" in d)) {
    throw new Error("renderSVG needs inline data (data.values): loading data from a URL is asynchronous");
  }
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    view.run();
    const internals = view as unknown as ViewInternals;
    const padding = view.padding() as { top: number; bottom: number; left: number; right: number };
    const Renderer = (vega as unknown as { renderModule(type: string): { headless: new (loader: unknown) => HeadlessSVGRenderer } })
      .renderModule("svg").headless;
    const svg = new Renderer(view.loader())
      .initialize(
        null,
        Math.max(0, internals._viewWidth + padding.left + padding.right),
        Math.max(0, internals._viewHeight + padding.top + padding.bottom),
        [padding.left + internals._origin[0], padding.top + internals._origin[1]],
        1,
      )
      .background(view.background())
      .render(internals.scenegraph().root)
      .svg();
    return renumberClipIds(svg);
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers clip paths with a process-wide counter, so the same figure would get different ids depending on
 * what was rendered before it. Renumbering them in order of appearance makes every SVG reproducible byte for byte.
 */
export function renumberClipIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/\bclip(\d+)\b/g, (match) => {
    let id = ids.get(match);
    if (id === undefined) {
      id = `clip${ids.size}`;
      ids.set(match, id);
    }
    return id;
  });
}

/** Phases 1–2 as a promise (same output as `renderSVGSync`). */
export async function renderSVG(spec: TopLevelSpec): Promise<string> {
  return renderSVGSync(spec);
}

/** Vega's own asynchronous path (`view.toSVG()`), kept as the reference `renderSVGSync` is tested against. */
export async function renderSVGWithVega(spec: TopLevelSpec): Promise<string> {
  measureTextWithFont();
  const view = new vega.View(vega.parse(compileSpec(spec).vega), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Where DejaVu Sans is installed on common systems; `AIM_FONT` (a path to DejaVuSans.ttf) overrides. */
const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", // Debian, Ubuntu
  "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", // Fedora
  "/usr/share/fonts/dejavu/DejaVuSans.ttf", // Alpine, older Fedora
  "/usr/share/fonts/TTF/DejaVuSans.ttf", // Arch
  "/usr/local/share/fonts/DejaVuSans.ttf",
  "/Library/Fonts/DejaVuSans.ttf", // macOS (Homebrew cask)
];

/**
 * The DejaVu Sans font files for the PNG renderer: the regular face and, when next to it, the bold face (titles).
 * Throws an error saying how to install the font when none is found.
 */
export function fontFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env.AIM_FONT;
  if (override !== undefined && !existsSync(override)) {
    throw new Error(`AIM_FONT=${override}: no such font file (point it at DejaVuSans.ttf, or unset it)`);
  }
  const regular = override ?? FONT_CANDIDATES.find((f) => existsSync(f));
  if (regular === undefined) {
    throw new Error(
      `the ${FONT_FAMILY} font is needed to draw text in PNG figures but was not found in ${FONT_CANDIDATES.join(", ")}; ` +
        "install it (Debian/Ubuntu: apt-get install fonts-dejavu-core) or set AIM_FONT=/path/to/DejaVuSans.ttf",
    );
  }
  const bold = join(dirname(regular), "DejaVuSans-Bold.ttf");
  return existsSync(bold) ? [regular, bold] : [regular];
}

let metricsInstalled = false;

/**
 * Makes Vega measure text with DejaVu's real advance widths (through `vega.textMetrics.width`, Vega's hook for
 * headless renderers), so layout fits the text the PNG draws. Once per process; when the font is missing, Vega
 * keeps its estimate (SVG output still works; PNG output will then say how to install the font).
 */
function measureTextWithFont(): void {
  if (metricsInstalled) return;
  metricsInstalled = true;
  let faces: FontMetrics[];
  try {
    faces = fontFiles().map(loadFontMetrics);
  } catch {
    return;
  }
  const [regular, bold = regular] = faces;
  const isBold = (weight: unknown) => weight === "bold" || weight === "bolder" || Number(weight) >= 600;
  // `textMetrics` is exported by vega at run time but missing from its type declarations
  const metrics = (vega as unknown as { textMetrics: { width: (item: object, text?: unknown) => number } }).textMetrics;
  metrics.width = (item: { fontSize?: number; fontWeight?: unknown }, text?: unknown) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11; // Vega's default font size
    const t = text == null ? "" : String(text).trim();
    return (isBold(item.fontWeight) ? bold : regular).width(t, size);
  };
}

/** Pixels per SVG unit of every PNG figure (files and notebook displays): sharp text on high-density screens. */
export const PNG_SCALE = 2;

export interface PNGOptions {
  /** pixels per SVG unit (default PNG_SCALE) */
  scale?: number;
  /** font files to use instead of `fontFiles()` */
  fonts?: string[];
}

/** A rasterized figure: RGBA pixels (row-major, 4 bytes each) and the PNG encoding. */
export interface Raster {
  width: number;
  height: number;
  pixels: Uint8Array;
  png: Uint8Array;
}

/** Phase 3: rasterizes an SVG document, drawing text with DejaVu Sans only (reproducible output). */
export function rasterize(svg: string, options: PNGOptions = {}): Raster {
  const scale = options.scale ?? PNG_SCALE;
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`scale must be a finite number > 0 (got ${scale})`);
  const resvg = new Resvg(svg, {
    font: { fontFiles: options.fonts ?? fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: scale },
    background: "white",
  });
  const image = resvg.render();
  return { width: image.width, height: image.height, pixels: new Uint8Array(image.pixels), png: new Uint8Array(image.asPng()) };
}

/** Phase 3 as PNG bytes (see `rasterize`). */
export function renderPNG(svg: string, options: PNGOptions = {}): Uint8Array {
  return rasterize(svg, options).png;
}
