/**
 * `make figures`: regenerates every registered figure (lib/figures/registry.ts) into figures/NAME.svg and
 * figures/NAME.png, each written atomically, and prints a table of figures and times.
 *
 *   npx tsx scripts/figures.ts              all figures
 *   npx tsx scripts/figures.ts NAME …       only these
 *
 * Data come from data/ (theory curves missing there are computed on the fly); no Jupyter is needed.
 * A failing figure does not stop the others; the exit status is 1 if any failed.
 */
import { join, relative } from "node:path";
import { FIGURES, getFigure } from "../lib/figures/registry";
import { fontFiles, renderPNG, renderSVG } from "../lib/figures/render";
import { writeFileAtomic } from "../lib/store/atomic";
import { FIGURES_DIR, REPO_ROOT } from "../lib/store/paths";

interface Row {
  name: string;
  load: number;
  render: number;
  svgKB: number;
  pngKB: number;
  error?: string;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function renderOne(name: string): Promise<Row> {
  const figure = getFigure(name);
  let t = process.hrtime.bigint();
  const data = await figure.load();
  const load = seconds(t);
  t = process.hrtime.bigint();
  const svg = await renderSVG(figure.build(data));
  const png = renderPNG(svg);
  const render = seconds(t);
  writeFileAtomic(join(FIGURES_DIR, `${name}.svg`), svg);
  writeFileAtomic(join(FIGURES_DIR, `${name}.png`), png);
  return { name, load, render, svgKB: Buffer.byteLength(svg) / 1024, pngKB: png.length / 1024 };
}

function table(rows: Row[]): string {
  const lines = ["| figure | load (s) | render (s) | SVG (KB) | PNG (KB) |", "|---|---:|---:|---:|---:|"];
  for (const r of rows) {
    lines.push(
      r.error === undefined
        ? `| ${r.name} | ${r.load.toFixed(2)} | ${r.render.toFixed(2)} | ${r.svgKB.toFixed(0)} | ${r.pngKB.toFixed(0)} |`
        : `| ${r.name} | FAILED: ${r.error.replace(/\|/g, "\\|").split("\n")[0]} | | | |`,
    );
  }
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const names = argv.length > 0 ? argv.map((n) => getFigure(n).name) : FIGURES.map((f) => f.name);
  fontFiles(); // fail now, with the install instruction, rather than after computing every figure
  const start = process.hrtime.bigint();
  const rows: Row[] = [];
  for (const name of names) {
    process.stderr.write(`figure ${name} ...\n`);
    try {
      rows.push(await renderOne(name));
    } catch (error) {
      rows.push({ name, load: NaN, render: NaN, svgKB: NaN, pngKB: NaN, error: (error as Error).message });
    }
  }
  const failed = rows.filter((r) => r.error !== undefined);
  process.stdout.write(`${table(rows)}\n\n${rows.length - failed.length} of ${rows.length} figures written to ${relative(REPO_ROOT, FIGURES_DIR)}/ in ${seconds(start).toFixed(1)} s\n`);
  for (const f of failed) process.stderr.write(`figure ${f.name} failed: ${f.error}\n`);
  return failed.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`figures: ${error.message}\n`);
    process.exitCode = 2;
  },
);
