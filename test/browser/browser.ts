/**
 * Shared pieces of the browser tests (`make test-browser`): Debian's headless chromium driven by puppeteer-core,
 * the screenshot folder, and the pixel check that tells a drawn figure from a blank box.
 *
 * The pixel check decodes a screenshot in the browser itself (an <img> drawn on a canvas), so the tests need no
 * PNG decoder of their own: "ink" is the share of pixels that differ from the screenshot's corner pixel (the
 * background) by more than INK_TOLERANCE in some channel.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import puppeteer, { Browser, ElementHandle, Page } from "puppeteer-core";
import { REPO_ROOT } from "../../lib/store/paths";

// in-page code below runs in the browser, where these exist
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const Image: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The browser: Debian's chromium unless CHROMIUM names another executable. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a headless run on a CI machine (no sandbox as root, no GPU, nothing fetched in the background). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** The viewport every page gets (wide enough for the two-panel paper figures). */
export const VIEWPORT = { width: 1600, height: 1000 };

/** A channel difference that counts as ink (anti-aliasing and JPEG-free PNGs stay far below it on blank areas). */
const INK_TOLERANCE = 24;

/** The smallest share of inked pixels for a figure to count as drawn: a few axis lines already exceed it. */
export const MIN_INK = 0.01;

/** Where screenshots go (git-ignored). */
export const SCREENSHOTS = join(REPO_ROOT, "test-output", "browser");

/** The committed notebooks, in order (the same pattern as scripts/run_notebooks.py). */
export function notebookPaths(): string[] {
  const dir = join(REPO_ROOT, "notebooks");
  return readdirSync(dir)
    .filter((f) => /^\d\d-[\w-]+\.ipynb$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, defaultViewport: VIEWPORT });
}

/** A screenshot file's path relative to the repository, for messages. */
export function shown(path: string): string {
  return relative(REPO_ROOT, path);
}

/**
 * The share of an image's pixels that differ from its top-left pixel (drawn over white), decoded in `page` by an
 * <img> and a canvas; with `other`, the share of pixels that differ between the two images (same size).
 * Sources are URLs the page may load: data: URLs (screenshots, serialized SVG) or the page's own images.
 * `page` must be the page a screenshot was taken of: element screenshots of a page that is not the browser's only
 * tab fail in headless chromium, so the tests use one tab.
 */
export async function imageInk(page: Page, source: string, other?: string): Promise<number> {
  return page.evaluate(
    // no named functions in here: tsx would wrap them in a helper (__name) that does not exist in the page
    async (a: string, b: string | null, tolerance: number) => {
      const decoded: Uint8ClampedArray[] = [];
      for (const src of b === null ? [a] : [a, b]) {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, img.naturalWidth);
        canvas.height = Math.max(1, img.naturalHeight);
        const context = canvas.getContext("2d");
        context.fillStyle = "white";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(img, 0, 0);
        decoded.push(context.getImageData(0, 0, canvas.width, canvas.height).data);
      }
      const [first, second] = decoded;
      if (second !== undefined && second.length !== first.length) return 1; // a different size is a different view
      let ink = 0;
      for (let i = 0; i < first.length; i += 4) {
        const ref = second === undefined ? [first[0], first[1], first[2]] : [second[i], second[i + 1], second[i + 2]];
        if (Math.abs(first[i] - ref[0]) > tolerance || Math.abs(first[i + 1] - ref[1]) > tolerance || Math.abs(first[i + 2] - ref[2]) > tolerance) ink++;
      }
      return ink / (first.length / 4);
    },
    source,
    other ?? null,
    INK_TOLERANCE,
  );
}

/** A PNG (a screenshot) as a data: URL for `imageInk`. */
export function pngURL(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
}

/** What an <img> or <svg> element draws by itself, as a URL: the image's source, or the SVG serialized. */
export async function elementImage(element: ElementHandle): Promise<string> {
  return element.evaluate((el: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (el.tagName.toLowerCase() === "img") return el.currentSrc || el.src;
    const svg = new el.ownerDocument.defaultView.XMLSerializer().serializeToString(el);
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

/**
 * How much a figure element (an <img> or <svg>) draws: `own`, the ink of its own image (a blank or sanitized
 * SVG draws nothing, whatever lies around it); `screen`, the ink of its screenshot (saved to `file`), i.e. what a
 * reader sees in its box. A figure is drawn when both reach MIN_INK and it is visible.
 */
export async function figureInk(page: Page, element: ElementHandle, file: string): Promise<{ visible: boolean; own: number; screen: number }> {
  const visible = await isVisible(element);
  if (!visible) return { visible, own: 0, screen: 0 };
  const own = await imageInk(page, await elementImage(element));
  const screen = await imageInk(page, pngURL(await shoot(element, file)));
  return { visible, own, screen };
}

/** "visible, 12.3% of its own pixels drawn, 11.0% on screen" */
export function describeInk(ink: { visible: boolean; own: number; screen: number }): string {
  if (!ink.visible) return "not visible";
  return `${(100 * ink.own).toFixed(2)}% of its own pixels drawn, ${(100 * ink.screen).toFixed(2)}% on screen`;
}

/** True when the element has a box of at least one pixel each way and is not hidden by CSS. */
export async function isVisible(element: ElementHandle): Promise<boolean> {
  return element.evaluate((el: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const box = el.getBoundingClientRect();
    const style = el.ownerDocument.defaultView.getComputedStyle(el);
    return box.width >= 1 && box.height >= 1 && style.visibility !== "hidden" && style.display !== "none" && Number(style.opacity) > 0;
  });
}

/** Screenshot of one element, saved to `file` (under SCREENSHOTS) and returned. */
export async function shoot(element: ElementHandle, file: string): Promise<Uint8Array> {
  const png = new Uint8Array(await element.screenshot({ type: "png" }));
  writeFileSync(join(SCREENSHOTS, file), png);
  return png;
}

/** The elements matching `selector` (images and SVGs) that are not inside another SVG. */
export async function outermost(page: Page, selector: string): Promise<ElementHandle[]> {
  const found: ElementHandle[] = [];
  for (const element of await page.$$(selector)) {
    const nested = await element.evaluate((el: any) => el.parentElement?.closest("svg") != null); // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!nested) found.push(element);
  }
  return found;
}

/** A TCP port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The MIME type that marks a figure output (lib/figures/display.ts). */
export const FIGURE_MIME = "application/vnd.vegalite.v5+json";

interface NotebookJSON {
  cells: Array<{ cell_type: string; outputs?: Array<{ output_type: string; data?: Record<string, unknown> }> }>;
}

/** The number of figure outputs of a notebook (outputs carrying the Vega-Lite MIME type). */
export function figureOutputs(notebook: NotebookJSON): number {
  return notebook.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data !== undefined && FIGURE_MIME in o.data).length;
}
