#!/usr/bin/python3
"""Execute notebooks headlessly with the repo's tslab kernel and fail on any error.

    /usr/bin/python3 scripts/run_notebooks.py [--timeout SECONDS] [--slow SECONDS] [NOTEBOOK.ipynb ...]
    /usr/bin/python3 scripts/run_notebooks.py --check-outputs [NOTEBOOK.ipynb ...]   (no execution)

Without arguments, runs every notebooks/NN-*.ipynb in order. Each notebook is executed in its own directory
(so `import * as aim from "../dist"` resolves) and, when every cell succeeds, written back in place with its
outputs (atomically). tslab reports most cell errors only as stderr text, so a notebook fails when:
  - the kernel replies with an error, or a cell produces an `error` output;
  - a stderr stream looks like a TypeScript diagnostic ("3:14 - Cannot find name ...") or a JavaScript
    error/stack trace ("RangeError: ...", "    at f (file.js:1:2)");
  - any output shows a rejected promise ("<rejected>").
Plain console.error / console.warn messages are allowed. A failed notebook is not written back; its partial
execution is saved to a temporary file whose path is printed. Exit status: 0 if all passed, 1 otherwise.
The kernel's spec is looked up in <repo>/.jupyter/share/jupyter (registered by `make kernel`).
"""
import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL_DIR = ROOT / ".jupyter" / "share" / "jupyter"
NOTEBOOK_NAME = re.compile(r"^\d\d-[\w-]+\.ipynb$")
# cells slower than this are listed after a run, slowest first, so authors see where the time goes
SLOW_CELL_SECONDS = 10

# A TypeScript diagnostic as tslab prints it ("1:22 - Cannot find ..."), an error line ("TypeError: x",
# "Error: boom", "Uncaught ..."), or a stack frame ("    at foo (/x.js:1:2)").
STDERR_FAILURE = re.compile(
    r"^\d+:\d+ - |^\s*(Uncaught\s+)?[A-Z]?\w*(Error|Exception)\b(:|$)|^\s+at .*:\d+:\d+\)?$",
    re.MULTILINE,
)
REJECTED = "<rejected>"


def output_text(output):
    """The text of one output (stream text, or the text/plain of a result / display)."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    return output.get("data", {}).get("text/plain", "")


def cell_failure(cell):
    """Returns a one-paragraph description of why an executed cell failed, or None."""
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "error":
            return "%s: %s" % (output.get("ename"), output.get("evalue"))
        text = output_text(output)
        if isinstance(text, list):
            text = "".join(text)
        if kind == "stream" and output.get("name") == "stderr" and STDERR_FAILURE.search(text):
            return text.strip()
        if REJECTED in text:
            return "a promise was rejected: " + text.strip()
    return None


def first_line(source):
    line = next((l for l in source.splitlines() if l.strip()), "")
    return line if len(line) <= 80 else line[:77] + "..."


def find_problem(nb, run_problem=None):
    """The first problem of an executed notebook, naming the cell, or None when every code cell ran cleanly.
    `run_problem` (a timeout, a dead kernel) is attributed to the first cell that failed or did not run."""
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        where = "cell %d (%s)" % (index, first_line(cell.source))
        why = cell_failure(cell)
        if run_problem is not None and (why is not None or cell.get("execution_count") is None):
            return "%s: %s" % (where, run_problem)
        if why is not None:
            return "%s:\n%s" % (where, indent(why))
        if cell.get("execution_count") is None and cell.source.strip():
            # tslab drops the rest of its queue after an error it reported without output
            return "%s was not executed (an earlier cell failed silently?)" % where
    return run_problem


def check_outputs(path):
    """Checks the stored outputs of an already executed notebook, without running it: (ok, 0, message)."""
    import nbformat

    problem = find_problem(nbformat.read(str(path), as_version=4))
    return (False, 0.0, problem) if problem else (True, 0.0, "outputs clean")


def run_notebook(path, timeout, slow_seconds=SLOW_CELL_SECONDS):
    """Executes one notebook; returns (ok, seconds, message); cells slower than slow_seconds are listed."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(str(path), as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "tslab")
    started = {}
    durations = {}

    def on_start(cell, cell_index, **_):
        started[cell_index] = time.time()

    def on_executed(cell, cell_index, **_):
        durations[cell_index] = time.time() - started.get(cell_index, time.time())

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=True,  # we judge the outputs ourselves: tslab reports many errors as stderr text only
        record_timing=False,  # keep committed notebooks free of timestamps
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=on_start,
        on_cell_executed=on_executed,
    )
    start = time.time()
    problem = None
    try:
        client.execute()
    except CellTimeoutError as e:
        problem = "a cell ran longer than the per-cell timeout of %d s (%s)" % (timeout, str(e).splitlines()[0])
    except DeadKernelError as e:
        problem = "the kernel died: %s" % e
    except CellExecutionError as e:  # not raised with allow_errors, kept for safety
        problem = str(e)
    seconds = time.time() - start

    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    problem = find_problem(nb, problem)

    if problem is not None:
        fd, failed = tempfile.mkstemp(prefix=path.stem + "-failed-", suffix=".ipynb")
        os.close(fd)
        nbformat.write(nb, failed)
        return False, seconds, "%s\n  partial run saved to %s" % (problem, failed)

    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    tmp = path.with_name("." + path.name + ".tmp")
    nbformat.write(nb, str(tmp))
    os.replace(tmp, path)
    slow = sorted(((t, i) for i, t in durations.items() if t >= slow_seconds), reverse=True)
    report = "".join("\n  slow: cell %d (%s) %.1f s" % (i + 1, first_line(nb.cells[i].source), t) for t, i in slow)
    return True, seconds, "%d code cells%s" % (len(code_cells), report)


def shown(path):
    """The path relative to the repository when inside it, else absolute."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def indent(text):
    lines = text.splitlines()[:20]
    return "\n".join("    " + l for l in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=900, help="per-cell timeout in seconds (default 900)")
    parser.add_argument(
        "--slow", type=float, default=SLOW_CELL_SECONDS, help="list cells slower than this many seconds (default %g)" % SLOW_CELL_SECONDS
    )
    parser.add_argument(
        "--check-outputs",
        action="store_true",
        help="do not execute: check that the notebooks' stored outputs show every code cell executed without errors",
    )
    args = parser.parse_args()
    if not args.timeout > 0:
        parser.error("--timeout must be an integer > 0 (got %r)" % args.timeout)

    try:
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
    except ImportError:
        sys.exit("run_notebooks: nbclient is not importable by %s; run `make jupyter`" % sys.executable)

    if not args.check_outputs and not (KERNEL_DIR / "kernels" / "tslab" / "kernel.json").exists():
        sys.exit("run_notebooks: the tslab kernel is not registered in %s; run `make kernel`" % KERNEL_DIR)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(KERNEL_DIR), os.environ.get("JUPYTER_PATH")]))

    paths = args.notebooks or sorted(p for p in (ROOT / "notebooks").iterdir() if NOTEBOOK_NAME.match(p.name))
    if not paths:
        print("run_notebooks: no notebooks to run")
        return 0
    failures = 0
    total = time.time()
    for path in paths:
        path = path.resolve()
        if not path.exists():
            print("FAIL %s: no such notebook" % path)
            failures += 1
            continue
        if args.check_outputs:
            ok, seconds, message = check_outputs(path)
        else:
            print("run  %s ..." % shown(path), flush=True)
            ok, seconds, message = run_notebook(path, args.timeout, args.slow)
        print("%s %s (%.1f s): %s" % ("ok  " if ok else "FAIL", shown(path), seconds, message), flush=True)
        failures += 0 if ok else 1
    verb = "passed the output check" if args.check_outputs else "passed"
    print("%d of %d notebooks %s in %.1f s" % (len(paths) - failures, len(paths), verb, time.time() - total))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
