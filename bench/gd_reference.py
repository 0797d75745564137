"""PyTorch reference for bench/gd.bench.ts: one full-batch Adam step of the same student (theory.md §7).

Same tied model as lib/gd/student.ts, K students side by side in one [d, K r] weight matrix:
  U = X W / sqrt(d)                     (X: the n T tokens, [n T, d])
  A = U_k U_k^T / sqrt(r) - (|W_k|^2 / (sqrt(r) d)) I_T   per sample and student
  loss = sum (softmax(A) - y)^2 / d    (labels y from a teacher of the same form)
torch.optim.Adam(lr = 0.1), torch.set_num_threads(1) (and one OpenBLAS thread), float32. Prints one JSON line per (d, K): the median and the
shortest wall time and the median process CPU time of the timed steps after warm-up, in ms.

  /usr/bin/python3 bench/gd_reference.py --d 100,200 --K 1,8 --alpha 0.2 --T 2 --rho 0.5 --steps 20 --warmup 3
"""
import argparse
import json
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before torch loads its BLAS
import torch  # noqa: E402


def indices(X, W, n, T, d, r, K):
    U = (X @ W / d**0.5).reshape(n, T, K, r).transpose(1, 2)  # [n, K, T, r]
    gram = U @ U.transpose(-1, -2) / r**0.5  # [n, K, T, T]
    norms = (W * W).reshape(d, K, r).sum((0, 2)) / (r**0.5 * d)  # [K]
    return gram - torch.eye(T) * norms.reshape(1, K, 1, 1)


def step_ms(d, K, alpha, T, rho, steps, warmup):
    n, r = round(alpha * d * d), round(rho * d)
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n * T, d, generator=g)
    with torch.no_grad():
        y = torch.softmax(indices(X, torch.randn(d, r, generator=g), n, T, d, r, 1), -1)  # [n, 1, T, T]
    W = torch.randn(d, K * r, generator=g).requires_grad_()
    opt = torch.optim.Adam([W], lr=0.1)

    def step():
        opt.zero_grad()
        loss = ((torch.softmax(indices(X, W, n, T, d, r, K), -1) - y) ** 2).sum() / d
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    wall, cpu = [], []
    for _ in range(steps):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def blas_library():
    """The BLAS shared library this process loaded (torch's "generic" BLAS is whatever libblas.so.3 resolves to)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1]}
    return ", ".join(sorted(paths)) or "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--d", default="100,200")
    p.add_argument("--K", default="1,8")
    p.add_argument("--alpha", type=float, default=0.2)
    p.add_argument("--T", type=int, default=2)
    p.add_argument("--rho", type=float, default=0.5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(1)
    for d in map(int, a.d.split(",")):
        for K in map(int, a.K.split(",")):
            wall, best, cpu = step_ms(d, K, a.alpha, a.T, a.rho, a.steps, a.warmup)
            print(json.dumps({"d": d, "K": K, "wall_ms": wall, "best_ms": best, "cpu_ms": cpu, "torch": torch.__version__, "blas": blas_library()}), flush=True)


if __name__ == "__main__":
    main()
