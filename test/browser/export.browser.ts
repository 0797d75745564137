/**
 * Browser test: every committed notebook exported to HTML by nbconvert (`make html`, the command a reader or a
 * teacher runs) shows each of its figure outputs as a visible image with something drawn in it. nbconvert 6.5
 * sanitizes SVG outputs down to their text, so this fails for a figure without a usable PNG.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../../lib/store/paths";
import { describeInk, figureInk, figureOutputs, launch, MIN_INK, notebookPaths, outermost, SCREENSHOTS, shown } from "./browser";

/** What a rendered output may be: nbconvert's lab template puts every output in a .jp-OutputArea-output. */
const OUTPUT_IMAGES = ".jp-OutputArea-output img, .jp-OutputArea-output svg";

test("nbconvert's HTML export of every notebook shows each figure output as a drawn image", { timeout: 180_000 }, async (t) => {
  const notebooks = notebookPaths();
  assert.ok(notebooks.length > 0, "no notebooks/NN-*.ipynb found");
  const out = mkdtempSync(join(tmpdir(), "aim-html-"));
  const browser = await launch();
  try {
    const started = Date.now();
    const make = spawnSync("make", ["--no-print-directory", "html", `HTML_DIR=${out}`], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(make.status, 0, `make html failed:\n${make.stdout}\n${make.stderr}`);
    t.diagnostic(`make html: ${notebooks.length} notebooks exported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const page = await browser.newPage();
    const rows: string[] = [];
    const problems: string[] = [];
    for (const notebook of notebooks) {
      const name = basename(notebook, ".ipynb");
      const expected = figureOutputs(JSON.parse(readFileSync(notebook, "utf8")));
      // the page asks for MathJax too; figures are inline data: images, so the DOM is all this test needs
      await page.goto(pathToFileURL(join(out, `${name}.html`)).href, { waitUntil: "domcontentloaded" });
      const images = await outermost(page, OUTPUT_IMAGES);
      let drawn = 0;
      for (const [i, image] of images.entries()) {
        const ink = await figureInk(page, image, `export-${name}-${i + 1}.png`);
        if (ink.visible && ink.own >= MIN_INK && ink.screen >= MIN_INK) drawn++;
        else problems.push(`${name}: output image ${i + 1} is blank or hidden (${describeInk(ink)})`);
      }
      rows.push(`${name}: ${expected} figure outputs, ${drawn} drawn images in the export`);
      if (drawn !== expected) problems.push(`${name}: ${expected} figure outputs but ${drawn} drawn images in nbconvert's HTML`);
    }
    for (const row of rows) t.diagnostic(row);
    t.diagnostic(`screenshots: ${shown(SCREENSHOTS)}/export-*.png`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    rmSync(out, { recursive: true, force: true });
  }
});
