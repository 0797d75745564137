/**
 * Browser test of `make lab`'s server (scripts/lab.py, the script the target runs), on a free port with a random
 * token: it listens on 127.0.0.1 only, refuses requests without the token, and a notebook opened with the token
 * runs to the end through the UI (Cell → Run All) with no error output and every figure output drawn.
 * The notebook is the first one (notebooks/NN-*.ipynb order), or LAB_NOTEBOOK=notebooks/NN-name.ipynb.
 * Autosave is switched off in the page and the file is checked unchanged afterwards.
 */
import assert from "node:assert/strict";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../../lib/store/paths";
import { describeInk, figureInk, figureOutputs, freePort, launch, MIN_INK, notebookPaths, outermost, SCREENSHOTS, shown } from "./browser";

// in-page code below runs in the browser, where Jupyter Notebook's API is the global Jupyter
declare const Jupyter: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const PYTHON = process.env.PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
/** Seconds the server may take to answer, and the notebook to run (the first notebook takes ~25 s here). */
const SERVER_START_S = 60;
const RUN_ALL_S = 150;

/** Status of a GET request (redirects not followed). */
async function status(url: string): Promise<number> {
  return (await fetch(url, { redirect: "manual" })).status;
}

/** True when something accepts TCP connections on host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("error", () => done(false));
    socket.once("timeout", () => (socket.destroy(), done(false)));
  });
}

/** Stops the server's process group: SIGTERM (Jupyter shuts its kernels down), SIGKILL after 10 s. */
async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise((r) => server.once("exit", r));
  process.kill(-server.pid, "SIGTERM");
  const timer = setTimeout(() => server.pid !== undefined && process.kill(-server.pid, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

test("make lab's server: token required, 127.0.0.1 only, a notebook runs to the end in the browser", { timeout: 240_000 }, async (t) => {
  const notebook = process.env.LAB_NOTEBOOK ? resolve(process.env.LAB_NOTEBOOK) : notebookPaths()[0];
  assert.ok(notebook !== undefined && existsSync(notebook), `no notebook to run (${notebook})`);
  const name = basename(notebook, ".ipynb");
  const committed = readFileSync(notebook);
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  let log = "";
  // FRONT_END=notebook: this test drives Jupyter Notebook's page, also where JupyterLab is installed
  const server = spawn(PYTHON, [join(REPO_ROOT, "scripts", "lab.py")], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), NO_BROWSER: "1", JUPYTER_TOKEN: token, FRONT_END: "notebook" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d) => (log += d));
  server.stderr?.on("data", (d) => (log += d));
  const browser = await launch();
  const scratch = mkdtempSync(join(tmpdir(), "aim-lab-"));
  try {
    const base = `http://127.0.0.1:${port}`;
    const started = Date.now();
    for (;;) {
      if (server.exitCode !== null) assert.fail(`the server exited with status ${server.exitCode}:\n${log}`);
      if (Date.now() - started > SERVER_START_S * 1000) assert.fail(`the server did not answer within ${SERVER_START_S} s:\n${log}`);
      try {
        if ((await status(`${base}/api/status?token=${token}`)) === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    t.diagnostic(`server up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // what make lab prints: the URL with the token, on 127.0.0.1
    assert.match(log, new RegExp(`lab: open http://127\\.0\\.0\\.1:${port}/\\w+\\?token=${token}`));
    // authentication: no token, or a wrong one, is refused; the token is accepted
    assert.equal(await status(`${base}/api/contents`), 403, "an API request without the token is refused");
    assert.equal(await status(`${base}/api/contents?token=wrong${token}`), 403, "an API request with a wrong token is refused");
    const tree = await status(`${base}/tree`);
    assert.ok(tree === 302 || tree === 403, `the notebook list without the token redirects to the login page (got ${tree})`);
    assert.equal(await status(`${base}/api/contents?token=${token}`), 200, "the token is accepted");
    // 127.0.0.1 only: not reachable on the machine's other addresses
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal);
    if (external) assert.equal(await accepts(external.address, port), false, `the server also listens on ${external.address}`);

    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push((e as Error).message));
    await page.goto(`${base}/notebooks/${encodeURIComponent(basename(notebook))}?token=${token}`, { waitUntil: "load" });
    await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected?.() === true && Jupyter.notebook.kernel.info_reply !== undefined, { timeout: SERVER_START_S * 1000, polling: 250 });
    const codeCells = await page.evaluate(() => {
      Jupyter.notebook.set_autosave_interval(0); // never write the committed notebook
      Jupyter.notebook.clear_all_output(); // every output counted below comes from this run
      window.finishedCells = 0;
      Jupyter.notebook.events.on("finished_execute.CodeCell", () => window.finishedCells++);
      return Jupyter.notebook.get_cells().filter((c: any) => c.cell_type === "code" && c.get_text().trim() !== "").length; // eslint-disable-line @typescript-eslint/no-explicit-any
    });

    // Cell → Run All, as a user does
    const runStart = Date.now();
    await page.click("#celllink");
    await page.waitForSelector("#run_all_cells > a", { visible: true });
    await page.click("#run_all_cells > a");
    await page
      .waitForFunction((n: number) => window.finishedCells >= n && Jupyter.notebook.kernel_busy !== true, { timeout: RUN_ALL_S * 1000, polling: 500 }, codeCells)
      .catch(async () => {
        const done = await page.evaluate(() => window.finishedCells);
        assert.fail(`${done} of ${codeCells} code cells finished within ${RUN_ALL_S} s`);
      });
    const seconds = (Date.now() - runStart) / 1000;
    await page.screenshot({ path: join(SCREENSHOTS, `lab-${name}.png`), fullPage: true });

    // errors: the outputs as the page holds them, judged by the notebook runner's own rules
    const live = await page.evaluate(() => Jupyter.notebook.toJSON());
    const liveFile = join(scratch, `${name}.ipynb`);
    writeFileSync(liveFile, JSON.stringify(live));
    const errorOutputs = (live.cells as Array<{ outputs?: Array<{ output_type: string }> }>).flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error").length;
    const check = spawnSync(PYTHON, [join(REPO_ROOT, "scripts", "run_notebooks.py"), "--check-outputs", liveFile], { encoding: "utf8" });

    // figures: every figure output of the run is drawn on the page
    const expected = figureOutputs(live);
    const images = await outermost(page, ".output_area .output_svg svg, .output_area .output_png img");
    const problems: string[] = [];
    let drawn = 0;
    for (const [i, image] of images.entries()) {
      const ink = await figureInk(page, image, `lab-${name}-${i + 1}.png`);
      if (ink.visible && ink.own >= MIN_INK && ink.screen >= MIN_INK) drawn++;
      else problems.push(`figure output ${i + 1} is blank or hidden (${describeInk(ink)})`);
    }
    t.diagnostic(`${name}: ${codeCells} code cells run in ${seconds.toFixed(1)} s; ${errorOutputs} error outputs; ${drawn} of ${expected} figure outputs drawn`);
    t.diagnostic(`screenshots: ${shown(SCREENSHOTS)}/lab-*.png`);
    assert.equal(errorOutputs, 0, "error outputs");
    assert.equal(check.status, 0, `the run's outputs fail the runner's check:\n${check.stdout}${check.stderr}`);
    assert.deepEqual(pageErrors, [], "page errors");
    assert.deepEqual(problems, []);
    assert.equal(expected, figureOutputs(JSON.parse(committed.toString("utf8"))), "as many figure outputs as the committed notebook");
    assert.equal(drawn, expected, "every figure output is drawn");
    assert.ok(readFileSync(notebook).equals(committed), `${notebook} was modified by the run`);
  } finally {
    await browser.close();
    await stop(server);
    rmSync(scratch, { recursive: true, force: true });
  }
});
