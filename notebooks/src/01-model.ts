// %% [markdown]
// # 01 · The attention-indexed model
//
// This notebook builds the model of Boncoraglio, Troiani, Erba and Zdeborová, *Bayes optimal learning of
// attention-indexed models* (NeurIPS 2025), piece by piece, and checks each piece against the formulas of
// `theory.md` §1. Everything is computed by the library in `lib/`; the notebook only narrates and plots.
//
// **The model in one paragraph.** A sample is a sequence of $T$ tokens $x_1,\dots,x_T\in\mathbb R^d$ with
// i.i.d. $\mathcal N(0,1)$ entries. A hidden symmetric matrix $S$ (the product of tied key and query
// matrices) scores every pair of tokens through the *attention index*
// $$h_{ab} = \frac{x_a^\top S x_b - \delta_{ab}\,\mathrm{Tr}\,S}{\sqrt d},$$
// and the label is the attention matrix $y = g(h)$, a row-wise softmax (or hardmax) of $h$. The learner sees
// $n=\alpha d^2$ pairs $(X^\mu, y^\mu)$ and must recover $S$: $d^2/2$ unknowns from $n\,T(T+1)/2$ numbers,
// hence the scaling $n\propto d^2$.

// %%
import * as aim from "../dist";

// %% [markdown]
// ## 1. The teacher $S = WW^\top/\sqrt{rd}$
//
// $W\in\mathbb R^{d\times r}$ has i.i.d. standard Gaussian entries and width $r=\rho d$. The normalisation makes
// the spectrum of $S$ of order one: $S=\sqrt\rho\,(WW^\top/r)$ is a Marchenko–Pastur matrix scaled by
// $\sqrt\rho$, with an atom of mass $1-\rho$ at zero when $\rho<1$ (rank $r<d$). Its first two moments are
// $$\tfrac1d\mathrm{Tr}\,S\to\sqrt\rho,\qquad \tfrac1d\mathrm{Tr}\,S^2\to Q_0 = 1+\rho .$$

// %%
const d = 400;
const rho = 0.5;
const teacher = aim.sampleTeacher(d, rho, aim.childSeed(2025, "teacher"));
const { values } = aim.symEig(teacher.S, d);
const trS = aim.trace(teacher.S, d) / d;
const trS2 = teacher.S.reduce((s, v) => s + v * v, 0) / d;
console.log(`d = ${d}, r = ${teacher.r}: (1/d) Tr S = ${trS.toFixed(4)} (theory √ρ = ${Math.sqrt(rho).toFixed(4)}), ` +
  `(1/d) Tr S² = ${trS2.toFixed(4)} (theory Q0 = ${(1 + rho).toFixed(4)})`);
const zeros = Array.from(values).filter((v) => Math.abs(v) < 1e-9).length;
console.log(`eigenvalues at 0: ${zeros} of ${d} (theory: a fraction 1 − ρ = ${1 - rho})`);

// %% [markdown]
// The non-zero eigenvalues follow the scaled Marchenko–Pastur density — the $\Delta = 0$ case of the
// random-matrix toolkit of notebook 02 (the cubic resolvent equation degenerates to a quadratic):

// %%
const nonZero = Array.from(values).filter((v) => v > 1e-9);
await aim.display(aim.histogramChart({
  title: `Spectrum of S (d = ${d}, ρ = ${rho}): non-zero eigenvalues`,
  samples: nonZero,
  // the non-zero part of the law has mass ρ; rescale so that both integrate to 1
  density: (x) => aim.density(x, 0, rho) / rho,
  bins: 30,
  xTitle: "eigenvalue λ",
}));

// %% [markdown]
// ## 2. Tokens and the attention index
//
// Given $S$, the entries $h_{ab}$, $a\le b$, are asymptotically Gaussian, uncorrelated, with
// $$\mathrm{Var}(h_{ab}) = Q_0\ (a\neq b),\qquad \mathrm{Var}(h_{aa}) = 2Q_0 .$$
// The trace subtraction centres the diagonal. We sample $n$ sequences of $T=3$ tokens and compare.
// The library never forms the $n\cdot d^2$ "sensing tensor": $h$ is computed from products with the token matrix.

// %%
const T = 3;
const dH = 150;
const nH = 5000;
const tH = aim.sampleTeacher(dH, rho, aim.childSeed(2025, "teacher-h"));
const X = aim.sampleTokens(nH, T, dH, aim.childSeed(2025, "tokens"));
const h = aim.indices(X, tH.S, nH, T, dH);
const Q = tH.S.reduce((s, v) => s + v * v, 0) / dH; // the realised (1/d) Tr S²
const entry = (a: number, b: number) => Array.from({ length: nH }, (_, mu) => h[mu * T * T + a * T + b]);
const variance = (v: number[]) => v.reduce((s, x) => s + x * x, 0) / v.length;
const corr = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0) / Math.sqrt(variance(u) * variance(v)) / u.length;
console.table([
  { entry: "h_12", variance: variance(entry(0, 1)), theory: Q },
  { entry: "h_23", variance: variance(entry(1, 2)), theory: Q },
  { entry: "h_11", variance: variance(entry(0, 0)), theory: 2 * Q },
  { entry: "h_33", variance: variance(entry(2, 2)), theory: 2 * Q },
]);
console.log(`corr(h_12, h_13) = ${corr(entry(0, 1), entry(0, 2)).toFixed(4)}, corr(h_11, h_12) = ${corr(entry(0, 0), entry(0, 1)).toFixed(4)} (theory 0; sampling error ≈ ${(1 / Math.sqrt(nH)).toFixed(3)})`);

// %%
const gaussian = (v: number) => (x: number) => Math.exp(-(x * x) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
await aim.display(aim.histogramChart({
  title: `Off-diagonal index h_12 over ${nH} samples against N(0, Q0)`,
  samples: entry(0, 1),
  density: gaussian(Q),
  bins: 40,
  xTitle: "h_12",
}));
await aim.display(aim.histogramChart({
  title: `Diagonal index h_11 against N(0, 2 Q0)`,
  samples: entry(0, 0),
  density: gaussian(2 * Q),
  bins: 40,
  xTitle: "h_11",
}));

// %% [markdown]
// ## 3. Labels: softmax and hardmax attention
//
// The softmax channel returns the attention matrix $y_{ab} = e^{\beta h_{ab}}/\sum_c e^{\beta h_{ac}}$; each row is a
// probability vector. Because $h$ is symmetric, the $T$ rows together reveal $h$ up to one common shift:
// $\kappa(T)/2 = T(T+1)/2-1$ exact linear measurements of $S$ per sample, whatever $\beta$. The hardmax channel
// only reveals, row by row, *which* token wins: far less information.

// %%
const one = h.subarray(0, T * T);
const show = (m: Float64Array) => Array.from({ length: T }, (_, a) => Array.from(m.subarray(a * T, a * T + T), (v) => Number(v.toFixed(3))));
console.log("h (first sample):", show(one));
for (const beta of [0.5, 1, 5]) console.log(`softmax, β = ${beta}:`, show(aim.labels(aim.softmax(T, beta), one, 1)));
console.log("hardmax:", show(aim.labels(aim.makeChannel("hardmax", { T: T }), one, 1)));

// %% [markdown]
// The log-ratios of a softmax row recover the differences of $h$ exactly, which is why $\beta$ drops out of
// the Bayes-optimal error (notebook 02):

// %%
const y1 = aim.labels(aim.softmax(T, 2), one, 1);
for (let a = 0; a < T; a++) {
  const recovered = Math.log(y1[a * T] / y1[a * T + T - 1]) / 2;
  console.log(`row ${a}: log(y_a1/y_aT)/β = ${recovered.toFixed(12)}, h_a1 − h_aT = ${(one[a * T] - one[a * T + T - 1]).toFixed(12)}`);
}

// %% [markdown]
// ## 4. A whole learning problem, reproducibly
//
// `sampleProblem(channel, d, ρ, α, seed)` draws the teacher, $n=\alpha d^2$ samples and their labels from
// independent streams derived from one seed. Same seed, same numbers, on every machine.

// %%
const p1 = aim.sampleProblem(aim.softmax(2), 60, 0.5, 0.2, 7);
const p2 = aim.sampleProblem(aim.softmax(2), 60, 0.5, 0.2, 7);
console.log(`n = ${p1.data.n} samples of T = ${p1.data.T} tokens in d = ${p1.data.d}; X holds ${p1.data.X.length} numbers (n·T·d), not n·d² = ${p1.data.n * 60 * 60}`);
console.log(`reproducible: ${p1.data.y.every((v, i) => v === p2.data.y[i])}`);
