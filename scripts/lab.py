#!/usr/bin/python3
"""`make lab`: a Jupyter server for notebooks/ with the repository's tslab kernel, on 127.0.0.1 with a token.

    PORT=8888 NO_BROWSER=1 JUPYTER_TOKEN=... FRONT_END=lab|notebook /usr/bin/python3 scripts/lab.py

JupyterLab when it is installed (a `jupyter-lab` on PATH, or the jupyterlab module of this Python); otherwise
Jupyter Notebook (Debian's `jupyter-notebook`, which `make lab` installs); FRONT_END chooses one explicitly.
The server always requires a token: JUPYTER_TOKEN when set (as Jupyter itself honours it), else a random one;
the URL printed carries it. It listens
on 127.0.0.1 only, on PORT exactly (no fallback to another port, so the printed URL is the server's). Jupyter's
configuration is read from <repo>/jupyter (committed) and <repo>/.jupyter/config (Jupyter's writable settings)
instead of ~/.jupyter, so no user configuration can turn authentication off.
Everything up to the server's start (the choice of front end, the checks, the URL) is done here; then this process
becomes the server (exec), so Ctrl-C and signals reach Jupyter directly. The browser tests start this script.
"""
import os
import secrets
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_DIR = ROOT / ".jupyter"
KERNEL_DIR = JUPYTER_DIR / "share" / "jupyter"
NOTEBOOK_DIR = ROOT / "notebooks"
# the repository's Jupyter configuration (committed): nbconvert, also "Download as HTML", prefers a figure's PNG
CONFIG_PATH = ROOT / "jupyter"
DEFAULT_PORT = 8888
# random tokens: 24 bytes, as Jupyter generates its own
TOKEN_BYTES = 24


def fail(message):
    """One line on stderr, exit status 2 (bad input or missing prerequisite)."""
    sys.stderr.write("lab: %s\n" % message)
    sys.exit(2)


def port_from(env):
    text = env.get("PORT", "").strip() or str(DEFAULT_PORT)
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        fail("PORT must be an integer in 1..65535 (got %r)" % text)
    return int(text)


def token_from(env):
    """JUPYTER_TOKEN when set and non-empty; an empty one would disable authentication, which is refused."""
    if "JUPYTER_TOKEN" in env:
        token = env["JUPYTER_TOKEN"]
        if not token.strip():
            fail("JUPYTER_TOKEN is empty, which would disable authentication; unset it for a random token")
        return token
    if env.get("JUPYTER_TOKEN_FILE"):
        fail("JUPYTER_TOKEN_FILE is not supported by make lab; set JUPYTER_TOKEN instead")
    return secrets.token_hex(TOKEN_BYTES)


def prepend(path, search_path):
    """A search path (os.pathsep-separated) with `path` first, once."""
    rest = [p for p in (search_path or "").split(os.pathsep) if p and p != str(path)]
    return os.pathsep.join([str(path)] + rest)


def has_module(name):
    import importlib.util

    return importlib.util.find_spec(name) is not None


FRONT_ENDS = ("lab", "notebook")


def front_end(choice):
    """(name, argv prefix, URL path) of the front end: `choice` ("lab", "notebook") or, when empty, JupyterLab if
    installed, else Jupyter Notebook. None when the one asked for (or either) is not installed."""
    if choice not in ("",) + FRONT_ENDS:
        fail("FRONT_END must be one of %s, or unset (got %r)" % (", ".join(FRONT_ENDS), choice))
    if choice in ("", "lab"):
        lab = shutil.which("jupyter-lab")
        if lab:
            return "JupyterLab", [lab], "lab"
        if has_module("jupyterlab"):
            return "JupyterLab", [sys.executable, "-m", "jupyterlab"], "lab"
    if choice in ("", "notebook") and has_module("notebook"):
        return "Jupyter Notebook", [sys.executable, "-m", "notebook"], "tree"
    return None


def main(env=os.environ):
    port = port_from(env)
    token = token_from(env)
    no_browser = env.get("NO_BROWSER", "") not in ("", "0")
    choice = env.get("FRONT_END", "").strip()
    chosen = front_end(choice)
    if not (KERNEL_DIR / "kernels" / "tslab" / "kernel.json").exists():
        fail("the tslab kernel is not registered in %s; run `make kernel` (make lab does)" % KERNEL_DIR)
    if chosen is None:
        wanted = {"lab": "JupyterLab is", "notebook": "Jupyter Notebook is"}.get(choice, "neither JupyterLab nor Jupyter Notebook is")
        fail(
            "%s not installed for %s; run `make lab` (installs Debian's jupyter-notebook) or install jupyterlab"
            % (wanted, sys.executable)
        )
    name, argv, path = chosen
    config = JUPYTER_DIR / "config"
    config.mkdir(parents=True, exist_ok=True)
    child = dict(env)
    child.update(
        JUPYTER_TOKEN=token,
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_CONFIG_PATH=prepend(CONFIG_PATH, env.get("JUPYTER_CONFIG_PATH")),
        JUPYTER_PATH=prepend(KERNEL_DIR, env.get("JUPYTER_PATH")),
    )
    # the server class is NotebookApp (Notebook 6) or ServerApp (JupyterLab 3+ on jupyter_server); both accept
    # these aliases. The token is passed through the environment only, so it does not show in `ps`.
    argv = argv + [
        "--ip=127.0.0.1",
        "--port=%d" % port,
        "--port-retries=0",
        "--notebook-dir=%s" % NOTEBOOK_DIR,
    ]
    if no_browser:
        argv.append("--no-browser")
    if os.geteuid() == 0:  # containers and CI run as root, which Jupyter refuses unless told
        argv.append("--allow-root")
    url = "http://127.0.0.1:%d/%s?token=%s" % (port, path, token)
    print("lab: %s serving %s with the tslab kernel" % (name, NOTEBOOK_DIR.relative_to(ROOT)), flush=True)
    print("lab: open %s" % url, flush=True)
    os.execve(argv[0], argv, child)


if __name__ == "__main__":
    main()
