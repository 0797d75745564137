// %% [markdown]
// # 02 · The replica prediction: random matrices and state evolution
//
// The Bayes-optimal error of the AIM is a fixed point of two scalar equations (state evolution, SE). One side is
// pure random-matrix theory — how well can a rotation-invariant matrix be denoised — and the other is a
// property of the attention channel. This notebook builds both sides with `lib/`, checks each against an
// independent computation, and explains where the equations come from (`theory.md` §3–§5).

// %%
import * as aim from "../dist";

// %% [markdown]
// ## 1. From attention to a matrix GLM
//
// Each index is a linear functional of $S$: $h^\mu_{ab} = \langle Z^\mu_{ab}, S\rangle/\sqrt d$ with
// $Z_{ab} = (x_ax_b^\top + x_bx_a^\top)/2$ ($a<b$) and $Z_{aa} = x_ax_a^\top - I$. So the AIM is a
// **generalized linear model with a matrix signal**: $n$ samples, each with $T(T+1)/2$ "pre-activations" passed
// through a non-linear channel $g$. Two facts make it solvable at $d\to\infty$:
//
// * **Gaussian equivalence.** For Gaussian tokens the indices are asymptotically jointly Gaussian given $S$,
//   and uncorrelated across $a\le b$ (notebook 01 checked the variances $Q_0$ and $2Q_0$). The sensing
//   "matrices" $Z_{ab}$ then behave like i.i.d. Gaussian ones, and the replica method of GLMs applies.
// * **A rotation-invariant prior.** $S=WW^\top/\sqrt{rd}$ has a law invariant under $S\mapsto OSO^\top$. Its
//   high-dimensional prior enters only through one function: the MMSE of *denoising* $S$ from
//   $Y = S + \sqrt\Delta\,Z$ with $Z$ a GOE matrix.
//
// ## 2. Denoising a rotation-invariant matrix
//
// The spectral law of $Y$ is the free convolution $\mu_\Delta = \mu_S\boxplus\sigma_{\rm sc}(\Delta)$. With
// $a=1/\rho$ its Stieltjes transform $g(z)=\int\mu_\Delta(t)/(z-t)\,dt$ solves the cubic
// $$\sqrt a\,\Delta\,g^3 - (\sqrt a\,z+\Delta)\,g^2 + (z+\sqrt a - 1/\sqrt a)\,g - 1 = 0,$$
// solved in closed form (Cardano), and $\mu_\Delta(x) = \operatorname{Im} g(x-i0^+)/\pi$. The support edges are
// the real roots of a quartic; for $\rho<1$ and small $\Delta$ the atom of $S$ at zero becomes a small second bulk.
// Below: the density against eigenvalue histograms of sampled $Y$ at $d = 1000$.

// %%
const dBig = 1000;
const spectrumSeed = 42;
// one GOE matrix and one teacher per ρ, shared by the panels; only eigenvalues are computed (aim.symEigenvalues
// skips the eigenvectors: several times cheaper at this d)
const goeNoise = aim.rng(aim.childSeed(spectrumSeed, "goe"));
const zBig = aim.goe(dBig, () => goeNoise.normal());
const teachersBig = new Map<number, Float64Array>();
function sampledSpectrum(rho: number, delta: number): number[] {
  if (!teachersBig.has(rho)) teachersBig.set(rho, aim.sampleTeacher(dBig, rho, aim.childSeed(spectrumSeed, "teacher")).S);
  const S = teachersBig.get(rho)!;
  return Array.from(aim.symEigenvalues(S.map((s, i) => s + Math.sqrt(delta) * zBig[i]), dBig));
}
for (const [rho, delta] of [[0.5, 1], [0.5, 0.1], [0.1, 0.1]] as const) {
  const edges = aim.supportEdges(delta, rho).map(([lo, hi]) => `[${lo.toFixed(5)}, ${hi.toFixed(5)}]`).join(" ∪ ");
  await aim.display(aim.histogramChart({
    title: `Spectrum of S + √Δ Z, ρ = ${rho}, Δ = ${delta} (d = ${dBig}); support ${edges}`,
    samples: sampledSpectrum(rho, delta),
    density: (x) => aim.density(x, delta, rho),
    bins: 60,
    xTitle: "eigenvalue",
  }));
}

// %% [markdown]
// The law passes the moment identities $\int\mu_\Delta = 1$, $\int x\,\mu_\Delta = \sqrt\rho$,
// $\int x^2\mu_\Delta = 1+\rho+\Delta$ to machine precision (the unit tests check a grid of $(\rho,\Delta)$):

// %%
console.table([[0.1, 0.01], [0.5, 1], [3, 100]].map(([rho, delta]) => ({
  rho, delta,
  mass: aim.integrateDensity(() => 1, delta, rho),
  mean: aim.integrateDensity((x) => x, delta, rho), "√ρ": Math.sqrt(rho),
  second: aim.integrateDensity((x) => x * x, delta, rho), "1+ρ+Δ": 1 + rho + delta,
})));

// %% [markdown]
// ### The denoising MMSE and the rotation-invariant estimator
//
// The optimal estimator keeps the eigenvectors of $Y$ and shrinks each eigenvalue,
// $\lambda\mapsto\lambda - 2\Delta\,\operatorname{Re} g(\lambda)$ (the RIE). Its error is
// $$\mathrm{mmse}_S(\Delta) = \Delta - \frac{4\pi^2}{3}\,\Delta^2\!\int\mu_\Delta(x)^3\,dx .$$
// We compare with the RIE applied to sampled matrices at $d=400$ (one seed per point).

// %%
const dRie = 400;
const curveRows: { x: number; y: number; series: string }[] = [];
for (const rho of [0.1, 0.5, 2]) {
  for (const delta of aim.logGrid(1e-2, 10, 40)) curveRows.push({ x: delta, y: aim.mmseS(delta, rho), series: `ρ = ${rho}` });
}
const rieRows: { x: number; y: number; series: string }[] = [];
for (const rho of [0.1, 0.5, 2]) {
  for (const delta of [0.02, 0.1, 0.5, 2, 8]) {
    const t = aim.sampleTeacher(dRie, rho, aim.childSeed(7, rho, delta));
    const noise = aim.rng(aim.childSeed(8, rho, delta));
    const Z = aim.goe(dRie, () => noise.normal());
    const R = t.S.map((s, i) => s + Math.sqrt(delta) * Z[i]);
    rieRows.push({ x: delta, y: aim.squaredErrorPerDim(aim.rieDenoise(R, dRie, delta, t.rho), t.S, dRie), series: `ρ = ${rho}` });
  }
}
await aim.display(aim.lineChart({
  title: "Denoising error mmse_S(Δ)",
  subtitle: `lines: the formula; points: the RIE applied to sampled S + √Δ Z at d = ${dRie}`,
  lines: curveRows, points: rieRows,
  xTitle: "noise Δ", yTitle: "(1/d) ‖Ŝ − S‖²", xScale: "log", yScale: "log",
}));

// %% [markdown]
// Two limits are worth knowing: for small $\Delta$, $\mathrm{mmse}_S\approx(2\rho-\rho^2)\Delta$ for $\rho\le1$
// (the fraction of degrees of freedom of a rank-$\rho d$ symmetric matrix) and $\approx\Delta$ for
// $\rho\ge 1$; and for $\rho\to0$ with $\Delta=t/\rho$, $\mathrm{mmse}_S\to t(2-t)$ for $t<1$ and $1$ beyond.

// %%
console.table([0.1, 0.5, 1, 2].map((rho) => ({ rho, "mmse(1e-6)/1e-6": aim.mmseS(1e-6, rho) / 1e-6, "2ρ − ρ² (or 1)": aim.degreesOfFreedom(rho) })));
console.table([0.25, 0.5, 0.75, 1.5].map((t) => ({ t, "mmse(t/ρ) at ρ = 1e-4": aim.mmseS(t / 1e-4, 1e-4), "t(2 − t) or 1": t < 1 ? t * (2 - t) : 1 })));

// %% [markdown]
// ### An independent check: the I-MMSE relation
//
// The mutual information between $S$ and $Y$ per $d^2$ follows from free probability alone:
// $I(\Delta) = \tfrac12\Sigma(\mu_\Delta) - \tfrac14\log\Delta + \tfrac18$, with $\Sigma(\mu)=\iint\log|x-y|\,d\mu\,d\mu$
// the log-energy (computed from the log-potential, with no reference to $\int\mu^3$). The I-MMSE theorem says
// $dI/d(1/\Delta) = \mathrm{mmse}_S(\Delta)/4$. Both sides, computed independently:

// %%
console.table([[0.5, 1], [0.1, 0.1], [2, 0.5]].map(([rho, delta]) => {
  const s = 1 / delta, h = 1e-4 * s;
  const dI = (aim.mutualInformation(1 / (s + h), rho) - aim.mutualInformation(1 / (s - h), rho)) / (2 * h);
  return { rho, delta, "dI/d(1/Δ)": dI, "mmse_S/4": aim.mmseS(delta, rho) / 4 };
}));

// %% [markdown]
// ## 3. The replica free entropy and state evolution
//
// The replica-symmetric free entropy of the AIM is a function of the overlap $q = \lim\frac1d\mathrm{Tr}(S\hat S)$
// and its conjugate $\hat q$:
// $$\Phi(q,\hat q) = \frac{Q_0\hat q}{4} - I\!\left(\tfrac1{\hat q}\right) - \frac{q\hat q}{4} + \alpha\,\Psi_{\rm out}(q).$$
// The first two terms are the prior (denoising at noise $1/\hat q$), the last is the channel: for a channel with
// output $y=g(h)$, $\Psi_{\rm out}(q) = \mathbb E\log Z_{\rm out}$ with $h = \omega + \sqrt V\xi$, $V=Q_0-q$.
// Its stationary points are the **state-evolution equations**:
// $$\partial_{\hat q}\Phi=0 \iff q = Q_0 - \mathrm{mmse}_S(1/\hat q),\qquad \partial_q\Phi = 0\iff \hat q = 4\alpha\Psi_{\rm out}'(q) = 2\alpha\,\mathbb E\Big[\sum_{a\le b}(1+\delta_{ab})\,g_{ab}^2\Big].$$
//
// **Softmax in closed form.** A softmax sample reveals $h$ up to a common shift: $\kappa(T)/2$ noiseless
// Gaussian measurements with variance $V$ each, so $\Psi_{\rm out} = -\frac{\kappa}{4}\log(Q_0-q)$ and
// $$\hat q = \frac{\kappa(T)\,\alpha}{Q_0-q}.$$
// $\beta$ drops out, and $\alpha$ and $T$ enter only through $\bar\alpha = \alpha\kappa(T)$.
//
// We check numerically that the SE fixed point is a stationary point of $\Phi$ (finite differences):

// %%
{
  const channel = aim.softmax(2);
  const rho = 0.5;
  console.table([0.05, 0.1, 0.15].map((alpha) => {
    const r = aim.solveSE(channel, rho, alpha);
    const hq = 1e-4, hh = 1e-4 * r.qHat;
    const F = (q: number, qh: number) => aim.freeEntropy(channel, rho, alpha, q, qh);
    return {
      alpha, q: r.q, qHat: r.qHat,
      "∂Φ/∂q": (F(r.q + hq, r.qHat) - F(r.q - hq, r.qHat)) / (2 * hq),
      "∂Φ/∂q̂": (F(r.q, r.qHat + hh) - F(r.q, r.qHat - hh)) / (2 * hh),
    };
  }));
}

// %% [markdown]
// ## 4. Solving state evolution
//
// The textbook way iterates $q\to\hat q\to q$ from the uninformed start $q=\rho$ (the prior mean $\sqrt\rho I$
// already explains part of $S$: the error starts at 1). Near the perfect-recovery point this iteration slows
// down critically. The library instead solves the scalar equation $m = \mathrm{mmse}_S\big(1/(\alpha A(Q_0-m))\big)$
// for the error $m$ by bracketing and Brent's method: about ten evaluations, to $10^{-14}$, at any $\alpha$.

// %%
{
  const channel = aim.softmax(2);
  const rows: { x: number; y: number; series: string }[] = [];
  const apr = aim.alphaPR(0.5, 2);
  const summary = [];
  for (const alpha of [0.05, 0.1, 0.9 * apr, 0.98 * apr]) {
    const it = aim.seIterate(channel, 0.5, alpha, { tol: 1e-10, maxIter: 3000 });
    const solved = aim.solveSE(channel, 0.5, alpha);
    it.trajectory.forEach((s) => rows.push({ x: s.iteration, y: s.mmse, series: `α = ${alpha.toFixed(4)}` }));
    summary.push({ alpha, "iterations (damped SE)": it.result.iterations, "evaluations (Brent)": solved.iterations, "mmse (iterated)": it.result.mmse, "mmse (Brent)": solved.mmse });
  }
  console.table(summary);
  await aim.display(aim.lineChart({ title: "SE iteration from the uninformed start (softmax, T = 2, ρ = 0.5)", lines: rows, xTitle: "iteration", yTitle: "error Q0 − q", xScale: "log", yScale: "log" }));
}

// %% [markdown]
// ## 5. The softmax error curves (paper figure, left panel)
//
// Error against $\alpha = n/d^2$ for $T=2$ and several widths. Each curve hits zero continuously at
// $\alpha_{\rm PR}(\rho)$; the dashed line is the $\rho=\infty$ limit $\max(0, 1-\bar\alpha)$.

// %%
await aim.display(await aim.figureSpec("softmax-se"));

// %% [markdown]
// ## 6. The $\bar\alpha$ collapse
//
// Plotted against $\alpha$, longer sequences learn faster; plotted against $\bar\alpha = \alpha\,\kappa(T)$ with
// $\kappa(T) = T^2+T-2$, all sequence lengths fall on one curve.

// %%
{
  const rho = 0.5;
  const byAlpha: { x: number; y: number; series: string }[] = [];
  const byAlphaBar: { x: number; y: number; series: string }[] = [];
  for (const T of [2, 3, 4, 5, 6]) {
    const alphas = aim.linGrid(0, aim.alphaPR(rho, T), 80);
    for (const r of aim.solveSECurve(aim.softmax(T), rho, alphas)) {
      byAlpha.push({ x: r.alpha, y: r.mmse, series: `T = ${T}` });
      byAlphaBar.push({ x: r.alpha * aim.kappa(T), y: r.mmse, series: `T = ${T}` });
    }
  }
  await aim.display(aim.lineChart({ title: "Softmax SE, ρ = 0.5: error against α", lines: byAlpha, xTitle: "α = n/d²", yTitle: "error" }));
  await aim.display(aim.lineChart({ title: "… and against ᾱ = ακ(T): one curve", lines: byAlphaBar, xTitle: "ᾱ = α κ(T)", yTitle: "error" }));
}

// %% [markdown]
// ## 7. Perfect recovery
//
// Counting: a symmetric matrix of rank $\rho d$ has $d^2(\rho-\rho^2/2)$ degrees of freedom ($d^2/2$ for $\rho\ge1$) and
// each softmax sample gives $\kappa/2$ exact equations, so
// $$\alpha_{\rm PR}(\rho,T) = \frac{2\rho-\rho^2}{\kappa(T)}\ (\rho\le 1),\qquad \frac1{\kappa(T)}\ (\rho\ge1).$$
// The same number comes out of SE: the error $m$ solves $m = \mathrm{mmse}_S(m/(\kappa\alpha))$, and $m=0$ becomes the
// only solution when the small-$\Delta$ slope $(2\rho-\rho^2)/(\kappa\alpha)$ drops below one. Below we locate the
// SE transition by bisection on $\alpha$ (smallest $\alpha$ with error $< 10^{-12}$) and compare.

// %%
console.table([0.1, 0.2, 0.3, 0.5, 1, 2].flatMap((rho) => [2, 3].map((T) => {
  let lo = 0.5 * aim.alphaPR(rho, T), hi = 1.5 * aim.alphaPR(rho, T);
  for (let i = 0; i < 50; i++) {
    const mid = 0.5 * (lo + hi);
    if (aim.solveSE(aim.softmax(T), rho, mid).mmse < 1e-12) hi = mid; else lo = mid;
  }
  return { rho, T, "α_PR (counting)": aim.alphaPR(rho, T), "α_PR (SE, bisection)": hi };
})));
