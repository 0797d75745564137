// %% [markdown]
// # 07 · Deep attention: several layers
//
// The paper's abstract presents the attention-indexed model as a framework for *deep* attention, where
// "token-level outputs emerge from layered bilinear interactions". Notebooks 01–06 study one layer. This notebook
// builds the layered model of theory.md §10 with the same care: from the paper's Eq. 5 to a recursion on the
// raw-token indices, why one term of Eq. 5 has to go for the limit $d\to\infty$ to make sense, what one sampled
// example looks like layer by layer, how the layers' indices are correlated, how many samples are needed at the
// very least (the counting bound), and — honestly — which parts of the one-layer theory carry over and which do not.
//
// Everything is computed by `lib/model/deep.ts` and `lib/se/thresholds.ts`; the notebook narrates and checks.

// %%
import * as aim from "../dist";
import * as tf from "@tensorflow/tfjs";

// %% [markdown]
// ## 1. From Eq. 5 to the index recursion
//
// Eq. 5 stacks $L$ softmax attention layers with tied key = query matrices $S_\ell = W_\ell W_\ell^\top/\sqrt{r_\ell d}$
// (independent, widths $r_\ell = \rho_\ell d$) and a residual (skip) term of strength $c\ge 0$:
// $$X_0 = X,\qquad X_\ell = \big[c\,I_T + \sigma_\beta\big(X_{\ell-1} S_\ell X_{\ell-1}^\top/\sqrt d\big)\big]X_{\ell-1},
//   \qquad y = \sigma_\beta\big(X_{L-1} S_L X_{L-1}^\top/\sqrt d\big),$$
// with $\sigma_\beta$ the row-wise softmax. Each layer mixes the $T$ tokens with a $T\times T$ matrix, so every
// contextual embedding is $X_\ell = M_\ell X$ for a data-dependent $T\times T$ matrix $M_\ell$ ($M_0 = I$), and
// $$\frac{X_{\ell-1} S_\ell X_{\ell-1}^\top}{\sqrt d}
//   = M_{\ell-1}\,h^{(\ell)}\,M_{\ell-1}^\top + \frac{\mathrm{Tr}\,S_\ell}{\sqrt d}\,M_{\ell-1}M_{\ell-1}^\top,
//   \qquad h^{(\ell)}_{ab} = \frac{x_a^\top S_\ell x_b - \delta_{ab}\,\mathrm{Tr}\,S_\ell}{\sqrt d},$$
// where $h^{(\ell)}$ is the one-layer attention index of notebook 01, built from the **raw** tokens with layer
// $\ell$'s matrix. The last term is the trouble: $\mathrm{Tr}\,S_\ell/\sqrt d \approx \sqrt{\rho_\ell d}$ grows like
// $\sqrt d$, and it is fixed by the trace alone, so it carries no information about $S_\ell$. For the first layer
// ($M_0 = I$) it adds $\sqrt{\rho_1 d}$ to every diagonal entry while the off-diagonal ones stay of order one:
// each token ends up attending only to itself.
//
// We compute Eq. 5 literally on the contextual embeddings (`contextualForward` with `keepTrace: true`) and
// measure the mean diagonal weight of the attention rows, for the first layer and for the output of $L = 2$
// layers, as $d$ grows. Uniform attention would give $1/T$.

// %%
{
  const T = 3;
  const n = 60;
  const rows: Record<string, string | number>[] = [];
  const diagonalWeight = (P: Float64Array) => {
    let s = 0;
    for (let mu = 0; mu < n; mu++) for (let a = 0; a < T; a++) s += P[mu * T * T + a * T + a];
    return s / (n * T);
  };
  for (const d of [25, 100, 400]) {
    const teacher = aim.sampleDeepTeacher(d, aim.deepArchitecture([0.5, 0.5]), aim.childSeed(7, "trace-teacher", d));
    const X = aim.sampleTokens(n, T, d, aim.childSeed(7, "trace-tokens", d));
    const kept = aim.contextualForward(X, teacher, n, T, d, { keepTrace: true });
    const removed = aim.contextualForward(X, teacher, n, T, d);
    rows.push({
      d,
      "√(ρd)": Number(Math.sqrt(0.5 * d).toFixed(2)),
      "layer 1, trace kept": Number(diagonalWeight(kept.attention[0]).toFixed(4)),
      "y, trace kept": Number(diagonalWeight(kept.y).toFixed(4)),
      "layer 1, trace removed": Number(diagonalWeight(removed.attention[0]).toFixed(4)),
      "y, trace removed": Number(diagonalWeight(removed.y).toFixed(4)),
    });
  }
  console.log(`mean diagonal weight of the attention rows (T = ${T}, ρ = 0.5, c = 1, β = 1, ${n} samples; uniform = ${(1 / T).toFixed(3)})`);
  console.table(rows);
}

// %% [markdown]
// With the trace term kept, the rows become one-hot on the diagonal as $d$ grows (already at $d = 100$ the
// weight is above 0.99, and the label $y$ of the second layer follows): in the limit the labels are the identity
// whatever the $S_\ell$, and nothing can be learned. With it removed, the weights stay between $1/T$ and about
// 0.45 at every $d$, with no trend towards one-hot (the differences between rows are sampling noise of 60 samples).
// So, as theory.md §1 does for one layer, we **subtract the trace term in every layer** (our convention, stated
// wherever the model is described):
// $$A_1 = h^{(1)},\qquad A_\ell = M_{\ell-1}\,h^{(\ell)}\,M_{\ell-1}^\top,\qquad
//   M_\ell = \big(c\,I + \sigma_\beta(A_\ell)\big)M_{\ell-1}\ (\ell < L),\qquad y = \sigma_\beta(A_L).$$
// For $L = 1$ this is exactly the model of notebooks 01–06. Every $A_\ell$ is symmetric (a congruence of a
// symmetric matrix).
//
// ## 2. Why it is still an attention-indexed model
//
// The recursion uses the tokens only through the $L$ symmetric $T\times T$ indices $h^{(1)},\dots,h^{(L)}$:
// $y = g(h^{(1)},\dots,h^{(L)})$ with a fixed function $g$. That is what "attention-indexed" means (the analogue
// of a multi-index model), so the layered model lives in the same scaling limit $n = \alpha d^2$. Two checks: the
// recursion (`attentionRecursion`, cost $O(nLT^3)$ after the indices) agrees with the explicit contextual pass
// (trace terms removed, cost $O(nLTd^2)$), and one layer is the existing model bit for bit.

// %%
{
  const d = 60;
  const n = 50;
  let worst = 0;
  for (const L of [1, 2, 3]) {
    for (const T of [2, 3, 4]) {
      for (const c of [0, 1]) {
        const teacher = aim.sampleDeepTeacher(d, aim.deepArchitecture(new Array(L).fill(0.5), c), aim.childSeed(7, "passes", L, T, c));
        const X = aim.sampleTokens(n, T, d, aim.childSeed(7, "passes-tokens", L, T, c));
        const fast = aim.deepForward(X, teacher, n, T, d);
        const slow = aim.contextualForward(X, teacher, n, T, d);
        for (let i = 0; i < n * T * T; i++) worst = Math.max(worst, Math.abs(fast.y[i] - slow.y[i]));
      }
    }
  }
  console.log(`max |y(recursion) − y(contextual pass)| over L = 1, 2, 3, T = 2, 3, 4, c = 0, 1 (d = ${d}, n = ${n}): ${worst.toExponential(2)}`);
  const one = aim.sampleProblem(aim.softmax(3), 40, 0.5, 0.3, 11);
  const deep = aim.sampleDeepProblem(40, aim.deepArchitecture([0.5]), 3, 0.3, 11);
  const same = one.data.y.every((v, i) => v === deep.data.y[i]) && one.teacher.S.every((v, i) => v === deep.teacher.layers[0].S[i]);
  console.log(`L = 1: same teacher and labels as sampleProblem, bit for bit: ${same}`);
}

// %% [markdown]
// ## 3. One example, layer by layer
//
// One sample of $T = 4$ tokens through $L = 3$ layers of width $\rho = 0.5$ at $d = 100$: the attention map
// $\sigma_\beta(A_\ell)$ of every layer (row $a$ is how token $a$ distributes its attention; the last panel is the
// label $y$). With the residual ($c = 1$) each layer keeps a copy of its input; without it ($c = 0$) each layer
// replaces the tokens by averages of them.

// %%
const exampleT = 4;
const exampleMaps = (c: number) => {
  const p = aim.sampleDeepProblem(100, aim.deepArchitecture([0.5, 0.5, 0.5], c), exampleT, 0.01, aim.childSeed(7, "example"));
  const f = aim.attentionRecursion(p.data.h, p.data.n, exampleT, c, 1);
  const TT = exampleT * exampleT;
  const sub = (k: number) => String.fromCharCode(0x2080 + k); // A₁, A₂, …
  const panels = f.attention.map((P, l) => ({ label: `layer ${l + 1}: ${l === f.attention.length - 1 ? "y = " : ""}σ(A${sub(l + 1)})`, values: P.subarray(0, TT) }));
  // M_2 = (cI + σ(A_2))(cI + σ(A_1)): the mixing of the raw tokens that the last layer sees
  const residual = (P: Float64Array) => P.map((v, i) => v + (i % (exampleT + 1) === 0 ? c : 0));
  const [M1, P2] = [residual(panels[0].values), residual(panels[1].values)];
  const M2 = Array.from({ length: exampleT }, (_, a) =>
    Array.from({ length: exampleT }, (_, j) => Number(Array.from({ length: exampleT }, (_, i) => P2[a * exampleT + i] * M1[i * exampleT + j]).reduce((x, y) => x + y).toFixed(2))));
  return { panels, M2 };
};
for (const c of [1, 0]) {
  const { panels, M2 } = exampleMaps(c);
  console.log(`c = ${c}: rows of M_2 (contextual token a = Σ_j M_2[a][j] x_j):`, JSON.stringify(M2));
  aim.display(aim.heatmapChart({
    title: `Attention maps of one sample, layer by layer (c = ${c})`,
    subtitle: `L = 3, ρ = 0.5 per layer, T = ${exampleT}, d = 100, β = 1; the same tokens and teacher in both figures`,
    panels: panels,
    size: exampleT,
    valueTitle: "attention",
    domain: [0, 1],
  }));
}

// %% [markdown]
// In this sample token 3 attends to itself with weight ≈ 1 in the first two layers, so with $c = 1$ its contextual
// embedding is about $(1+1)^2 x_3 = 4x_3$ (row 3 of $M_2$ printed above), while the other tokens are mixtures of
// norm about 2. The last layer's scores involving token 3 are magnified accordingly, and every row of $y$ attends to
// token 3. With $c = 0$ the same sample ends close to uniform.
//
// The first layer is the same in both figures ($A_1 = h^{(1)}$ does not depend on $c$). Deeper layers differ in
// **scale**: with $c = 1$, $M_\ell$ is a sum of the identity and a row-stochastic matrix at each step, so its rows
// grow like $2^\ell$ and $A_\ell = M_{\ell-1}h^{(\ell)}M_{\ell-1}^\top$ like $4^{\ell-1}$: deeper attention is
// sharper. With $c = 0$, $M_\ell$ is row-stochastic and averages tokens, so deeper indices shrink and the
// attention flattens towards uniform. Over many samples:

// %%
{
  const T = 3;
  const rows: Record<string, string | number>[] = [];
  for (const c of [0, 1]) {
    const p = aim.sampleDeepProblem(100, aim.deepArchitecture([0.5, 0.5, 0.5], c), T, 0.2, aim.childSeed(7, "scales"));
    const { A, attention } = aim.attentionRecursion(p.data.h, p.data.n, T, c, 1);
    const n = p.data.n;
    for (let l = 0; l < A.length; l++) {
      let offDiagonal = 0;
      let rowMax = 0;
      for (let mu = 0; mu < n; mu++) {
        offDiagonal += A[l][mu * T * T + 1] ** 2;
        for (let a = 0; a < T; a++) rowMax += Math.max(...attention[l].subarray(mu * T * T + a * T, mu * T * T + a * T + T));
      }
      rows.push({ c, layer: l + 1, "rms A_12": Number(Math.sqrt(offDiagonal / n).toFixed(2)), "mean largest attention weight": Number((rowMax / (n * T)).toFixed(3)) });
    }
  }
  console.log(`T = ${T}, ρ = 0.5 per layer, d = 100, 2000 samples (uniform attention: largest weight ${(1 / T).toFixed(3)})`);
  console.table(rows);
}

// %% [markdown]
// The label still reveals $A_L$ exactly up to one common shift (next section), so this scale does not change what
// can be learned in principle; it changes the landscape gradient descent sees (a sharp softmax has small
// gradients, a flat one weak contrasts). The residual strength $c$ is a real parameter of the deep model.
//
// ## 4. The layers' indices are correlated
//
// The layers' matrices are independent, but not centred: $\mathbb E\,S_\ell = \sqrt{\rho_\ell}\,I$. So every layer's
// index contains the same known component, $h^{(\ell)} = \sqrt{\rho_\ell}\,G + (\text{fluctuation})$ with
// $G_{ab} = (x_a\cdot x_b - \delta_{ab}d)/\sqrt d$, and given the teacher
// $$\mathrm{Cov}\big(h^{(\ell)}_{ab}, h^{(\ell')}_{ab}\big) = (1+\delta_{ab})\,\tfrac1d\mathrm{Tr}(S_\ell S_{\ell'})
//   \;\to\; (1+\delta_{ab})\sqrt{\rho_\ell\rho_{\ell'}}\ (\ell\ne\ell'),\qquad (1+\delta_{ab})(1+\rho_\ell)\ (\ell = \ell').$$
// Entries of different pairs $(a, b)$ stay uncorrelated, within and across layers. A Monte Carlo check with
// $\rho = (0.5, 0.2)$:

// %%
{
  const d = 100;
  const T = 3;
  const n = 4000;
  const teacher = aim.sampleDeepTeacher(d, aim.deepArchitecture([0.5, 0.2]), aim.childSeed(7, "covariance"));
  const h = aim.layerIndices(aim.sampleTokens(n, T, d, aim.childSeed(7, "covariance-tokens")), teacher, n, T, d);
  const [S1, S2] = teacher.layers.map((t) => t.S);
  const [r1, r2] = teacher.layers.map((t) => t.rho);
  const trace = (A: Float64Array, B: Float64Array) => A.reduce((s, v, i) => s + v * B[i], 0) / d; // (1/d) Tr(AB), A, B symmetric
  const moment = (x: Float64Array, ia: number, y: Float64Array, ib: number) => {
    let s = 0;
    for (let mu = 0; mu < n; mu++) s += x[mu * T * T + ia] * y[mu * T * T + ib];
    return s / n;
  };
  const rows = [];
  for (const [a, b] of [[0, 1], [0, 0]]) {
    const k = a === b ? 2 : 1;
    const i = a * T + b;
    rows.push(
      { pair: `Var h1_${a + 1}${b + 1}`, "Monte Carlo": moment(h[0], i, h[0], i), "(1+δ)(1/d)Tr S_ℓS_ℓ′": k * trace(S1, S1), "limit": k * (1 + r1) },
      { pair: `Var h2_${a + 1}${b + 1}`, "Monte Carlo": moment(h[1], i, h[1], i), "(1+δ)(1/d)Tr S_ℓS_ℓ′": k * trace(S2, S2), "limit": k * (1 + r2) },
      { pair: `Cov(h1_${a + 1}${b + 1}, h2_${a + 1}${b + 1})`, "Monte Carlo": moment(h[0], i, h[1], i), "(1+δ)(1/d)Tr S_ℓS_ℓ′": k * trace(S1, S2), "limit": k * Math.sqrt(r1 * r2) },
    );
  }
  rows.push({ pair: "Cov(h1_12, h2_13)", "Monte Carlo": moment(h[0], 1, h[1], 2), "(1+δ)(1/d)Tr S_ℓS_ℓ′": 0, "limit": 0 });
  console.log(`d = ${d}, T = ${T}, ${n} samples of one teacher; standard error of each Monte Carlo entry ≈ 0.02–0.06`);
  console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? Number(v.toFixed(3)) : v]))));
}

// %% [markdown]
// The Monte Carlo moments match the finite-$d$ values given the teacher (middle column). Those differ from the
// limit by the teacher's own fluctuations: $\tfrac1d\mathrm{Tr}\,S^2$ has mean $1+\rho+1/d$ and, at $d = 100$,
// $\rho = 0.2$, a standard deviation of about 0.07 from teacher to teacher; this second layer happens to be about
// 2.5 deviations high (1.40 against 1.21), which is why its variance rows sit above the limit.
//
// The correlation $\sqrt{\rho_1\rho_2}/\sqrt{(1+\rho_1)(1+\rho_2)}$ is about 0.26 here: the layers see overlapping
// views of the same tokens. It matters for the theory (section 6), where the output side becomes an integral over
// correlated indices.
//
// ## 5. The counting bound
//
// **What one label reveals.** $\log y_{ab} = \beta A_{ab} - \log Z_a$ gives the last layer's $A_L$ up to one
// constant per row, and the symmetry of $A_L$ ties the row constants together up to one common shift: a sample
// gives $\kappa(T)/2 = T(T+1)/2 - 1$ numbers, exactly as for one layer — but they are numbers about $A_L$, a
// non-linear function of all the layers' indices, not $\kappa(T)/2$ linear measurements of one matrix.
//
// **Counting unknowns.** $S_\ell$ has $(2\rho_\ell - \rho_\ell^2)\,d^2/2$ degrees of freedom for $\rho_\ell\le 1$
// ($d^2/2$ for $\rho_\ell\ge 1$). Recovering every layer exactly needs at least as many numbers as unknowns:
// $$\alpha_{\rm count}(\rho_1,\dots,\rho_L;\,T) = \frac{\sum_\ell \min(2\rho_\ell - \rho_\ell^2,\,1)}{\kappa(T)}.$$
// For $L = 1$ it is $\alpha_{PR}$ of notebook 02, which the Bayes-optimal estimator attains. For $L > 1$ it is a
// **lower bound** on what any method needs; whether any algorithm (Bayes-optimal or gradient descent) attains it
// is not known. From the command line: `aim threshold --rho 0.5,0.3 --T 3` (one width keeps `alpha_pr`).

// %%
{
  const lists = [[0.5], [0.5, 0.5], [0.5, 0.3], [0.2, 0.8], [1, 1], [0.5, 0.5, 0.5]];
  const rows = [];
  for (const rhos of lists) {
    const row: Record<string, string | number> = { "ρ per layer": rhos.join(", "), L: rhos.length };
    for (const T of [2, 3]) {
      row[`α_PR(ρ_1), T = ${T}`] = Number(aim.alphaPR(rhos[0], T).toFixed(4));
      row[`α_count, T = ${T}`] = Number(aim.alphaCount(rhos, T).toFixed(4));
    }
    row["α_count / α_PR(ρ_1)"] = Number((aim.alphaCount(rhos, 2) / aim.alphaPR(rhos[0], 2)).toFixed(3));
    rows.push(row);
  }
  console.table(rows);
}

// %% [markdown]
// The bound adds the layers' one-layer thresholds: two layers of width 0.5 need at least twice as many samples as
// one. The ratio does not depend on $T$ (every layer's degrees of freedom are divided by the same $\kappa(T)$), so
// the collapse axis $\bar\alpha = \alpha\,\kappa(T)$ of notebooks 02–04 still applies to the bound.
//
// ## 6. What theory exists for L > 1 and what does not
//
// * **Exists.** The model is an AIM: the labels depend on $L\cdot T(T+1)/2$ indices of the raw tokens. The
//   replica formula of the paper is written for a general output function of the indices, so the *form* of the
//   Bayes-optimal free entropy and its state evolution carries over: a prior side (denoising the matrices) and an
//   output side (the channel $g$), coupled through overlaps. The counting bound above is elementary and exact as a
//   lower bound. The model is sampled and checked here (two forward passes, index covariances).
// * **Does not exist (in closed form).** For $L > 1$ the **output side** is an integral over $L\cdot T(T+1)/2$
//   correlated Gaussian indices (section 4) through a deterministic, non-invertible $g$ — the label gives
//   $\kappa(T)/2$ numbers about $A_L$, not the indices themselves — so the softmax closed form of one layer
//   ($\hat q = \kappa\alpha/(Q_0-q)$, "the label is a noiseless linear measurement") is lost. The **prior side**
//   couples the layers through an $L\times L$ overlap matrix: it is the joint denoising of several independent
//   rotation-invariant matrices observed with correlated noise, for which no closed form is known to us (the
//   one-layer RIE of notebooks 02–03 does not apply to it).
// * **So:** this workbook claims **no Bayes-optimal curve for $L > 1$**. The experiments measure what gradient
//   descent achieves and compare it with $\alpha_{\rm count}$ and, for scale only, with the one-layer theory.

// %% [markdown]
// ## Gradient descent, layer by layer
//
// The experiments follow in the next section: an $L$-layer student trained by Adam as in notebook 04, its
// per-layer errors against $\alpha/\alpha_{\rm count}$, and what knowing one layer is worth for learning the other.
//
// ### 7. The student with $L$ layers
//
// The student is the teacher's network with trainable tied weights, one $W_\ell\in\mathbb R^{d\times r_\ell}$ per
// layer ($S_\ell = W_\ell W_\ell^\top/\sqrt{r_\ell d}$), the same index recursion with the trace convention, and
// the loss and Adam protocol of notebook 04 (full batch, learning rate 0.1, $\mathcal N(0,1)$ initialization):
// $\sum_\mu\sum_{ab}(\hat y^\mu_{ab} - y^\mu_{ab})^2/d$. $K$ students train side by side (layer $\ell$ of all of
// them is one $d\times K r_\ell$ matrix). With one layer this *is* the student of notebook 04 — one code path,
// checked against the one-layer student's weights and curves bit for bit (`test/gd/train.test.ts`); for $L = 2$
// the TensorFlow.js gradient is checked against central differences of an independent float64 loss built from
// the model's own recursion (`test/gd/layered.test.ts`, relative error below $10^{-4}$, seen $\le 2\cdot10^{-6}$).
// A layer can be **frozen** to given weights (the teacher's): the oracle runs of section 11.
//
// First check, on a small problem: a student holding the teacher's weights reproduces the labels, so its loss is
// zero up to float32 rounding (exactly zero in float64).

// %%
{
  const d = 30, T = 3, c = 1;
  const { teacher, data } = aim.sampleDeepProblem(d, { rhos: [0.5, 0.5], c: c, beta: 1 }, T, 0.2, aim.childSeed(7, "student-check"));
  const r = teacher.layers.map((t) => t.r);
  const tokens = new aim.Tokens(data.X, data.n, T, d);
  const labels = tf.tensor3d(Float32Array.from(data.y), [data.n, T, T]);
  const shape = { n: data.n, T: T, d: d, K: 1, r: r, c: c };
  const own = teacher.layers.map((t) => tf.tensor2d(Float32Array.from(t.W), [d, t.r]));
  const random = r.map((rl, l) => tf.tensor2d(Float32Array.from(aim.gaussianArray(d * rl, aim.childSeed(7, "random", l))), [d, rl]));
  const atTeacher = aim.studentLosses(tokens, labels, own, shape, 1);
  const atRandom = aim.studentLosses(tokens, labels, random, shape, 1);
  const loss64 = aim.layeredLoss64(teacher.layers.map((t) => t.W), data.X, data.y, { n: data.n, T: T, d: d, r: r }, c);
  console.log(`n = ${data.n}: loss at the teacher's weights ${atTeacher.dataSync()[0].toExponential(2)} (float32), ${loss64.toExponential(2)} (float64); ` +
    `at random weights ${atRandom.dataSync()[0].toFixed(3)}`);
  tf.dispose([labels, ...own, ...random, atTeacher, atRandom]);
  tokens.dispose();
}

// %% [markdown]
// ### 8. One training run per residual strength
//
// One student, $d = 40$, $T = 2$, two layers of width $\rho = 0.5$, at $\alpha = 1.5\,\alpha_{\rm count}$ —
// enough data for both layers by the counting bound — for $c = 1$ and $c = 0$: the loss and each layer's error
// $e_\ell = \|\hat S_\ell - S_\ell\|_F^2/d$ against Adam steps.

// %%
const runCurves: aim.SeriesPoint[] = [];
{
  const d = 40, T = 2, rhos = [0.5, 0.5];
  const alpha = 1.5 * aim.alphaCount(rhos, T);
  for (const c of [1, 0]) {
    const { teacher, data } = aim.sampleDeepProblem(d, { rhos: rhos, c: c, beta: 1 }, T, alpha, aim.childSeed(7, "run", c));
    const run = await aim.trainStudents(data, { rho: rhos, c: c, seed: aim.childSeed(7, "run-init", c), target: teacher.layers.map((t) => t.S), recordEvery: 20 });
    for (const p of run.curve) {
      const step = Math.max(p.step, 1);
      runCurves.push({ x: step, y: p.loss[0], series: `loss, c = ${c}` });
      p.layerErrors!.forEach((e, l) => runCurves.push({ x: step, y: e[0], series: `e${l + 1}, c = ${c}` }));
    }
    const last = run.curve[run.curve.length - 1];
    // (1/d)‖S‖²_F of the learned and the teacher's matrices: does a layer's norm run away?
    const norm = (S: Float64Array) => S.reduce((a, v) => a + v * v, 0) / d;
    const norms = run.layers.map((layer, l) => `‖Ŝ${l + 1}‖²/d = ${norm(layer.S[0]).toFixed(2)} (teacher ${norm(teacher.layers[l].S).toFixed(2)})`);
    console.log(`c = ${c} (n = ${data.n}): final loss ${last.loss[0].toExponential(2)}, e1 = ${last.layerErrors![0][0].toExponential(2)}, ` +
      `e2 = ${last.layerErrors![1][0].toExponential(2)}; ${norms.join(", ")}; ${run.msPerStep.toFixed(1)} ms/step`);
  }
}
await aim.display(aim.lineChart({
  title: "One two-layer Adam run, d = 40, T = 2, α = 1.5 α_count",
  subtitle: "loss and per-layer errors e_ℓ against Adam steps, residual c = 1 and c = 0",
  lines: runCurves, xTitle: "Adam step", yTitle: "loss and per-layer error", xScale: "log", yScale: "log",
}));

// %% [markdown]
// With the residual ($c = 1$) the loss falls to its Adam-noise floor (a few $10^{-3}$) within a few hundred steps
// and both errors fall — layer 2's first and faster; after 1000 steps layer 1 is still about an order of magnitude
// behind and still falling (on the preset's own point, $e_1$ keeps falling between steps 1000 and 2000 while the
// loss no longer does: the preset's note records it). Without the residual ($c = 0$) the loss stalls near
// $10^{-1}$, layer 2's error stays of order one and layer 1's error **grows**: the first layer's weights inflate,
// which sharpens $\sigma_\beta(A_1)$ towards a hard attention pattern — the loss creeps down along that direction,
// away from the teacher.
//
// ### 9. Per-layer errors against $\alpha/\alpha_{\rm count}$
//
// The experiment (`aim data gd --preset deep`, data/gd-deep.csv with its manifest): two layers of width
// $\rho = 0.5$, so $\alpha_{\rm count} = 1.5/\kappa(T)$ (0.375 at $T = 2$, 0.15 at $T = 3$); $\alpha$ on six
// values of $\alpha/\alpha_{\rm count}$ from 0.1 to 3 (log grid); $d = 50$ (and the $T = 2$, $c = 1$ curve
// again at $d = 100$: the diamonds, section 12); for each point 3 independent problems
// (teacher and data) and $K = 8$ students per problem, 1000 Adam steps at learning rate 0.1. Single: the mean over
// the 24 runs of $e_\ell$; averaged: the error of the average $\bar S_\ell$ of the 8 students of a problem, mean
// over the 3 problems. Each point's seed is `childSeed(0, "d", d, "T", T, "c", c, "alpha", α)`.

// %%
const deepRows = aim.readDeepRows();
const deepManifest = aim.readManifest(aim.dataPath("gd-deep.csv"));
console.log(`data/gd-deep.csv: ${deepRows.length} rows; ${deepManifest ? `runtime ${(deepManifest as { runtimeSeconds?: number }).runtimeSeconds?.toFixed(0) ?? "?"} s of compute` : "no manifest"}`);
await aim.display(await aim.figureSpec("deep-gd"));

// %%
{
  const fmt = (x: number) => x.toExponential(1);
  console.table(deepRows.filter(aim.trainsAll).sort((a, b) => a.d - b.d || a.T - b.T || b.c - a.c || a.alpha - b.alpha).map((r) => {
    const single = aim.parseListCell(r.mse_single_layers);
    const avg = aim.parseListCell(r.mse_avg_layers);
    return { d: r.d, T: r.T, c: r.c, "α/α_count": r.alpha_ratio.toFixed(2), n: r.n, runs: `${r.samples}×${r.average}`,
      "e1 single": fmt(single[0]), "e2 single": fmt(single[1]), "e1 averaged": fmt(avg[0]), "e2 averaged": fmt(avg[1]) };
  }));
}

// %% [markdown]
// ### 10. Where each layer's error crosses $10^{-2}$
//
// In units of $\alpha_{\rm count}$, interpolated linearly in $(\log\alpha, \log e)$ between the two grid points
// around the first crossing (`levelCrossing`); "not reached" when the error stays above $10^{-2}$ up to
// $3\,\alpha_{\rm count}$.

// %%
const crossingRows: Record<string, string | number>[] = [];
{
  const full = deepRows.filter(aim.trainsAll);
  for (const d of [...new Set(full.map((r) => r.d))].sort((a, b) => a - b)) for (const T of [2, 3]) {
    for (const c of [1, 0]) {
      const rows = full.filter((r) => r.d === d && r.T === T && r.c === c).sort((a, b) => a.alpha - b.alpha);
      if (rows.length === 0) continue;
      const ratios = rows.map((r) => r.alpha_ratio);
      const row: Record<string, string | number> = { T: T, c: c, d: d, "grid (α/α_count)": `${ratios.length} points, ${ratios[0].toFixed(2)}…${ratios[ratios.length - 1].toFixed(2)}`, runs: `${rows[0].samples} problems × K = ${rows[0].average}` };
      for (const kind of ["single", "averaged"] as const) {
        for (const layer of [1, 2]) {
          const errors = rows.map((r) => aim.parseListCell(kind === "single" ? r.mse_single_layers : r.mse_avg_layers)[layer - 1]);
          const crossing = aim.levelCrossing(ratios, errors, aim.DEEP_GD.threshold);
          row[`layer ${layer}, ${kind}`] = crossing === undefined ? "not reached" : crossing.kind === "interpolated" ? Number(crossing.x.toFixed(2)) : `≤ ${crossing.x.toFixed(2)}`;
        }
      }
      crossingRows.push(row);
    }
  }
  console.table(crossingRows);
}

// %% [markdown]
// **Layer 2 is learned first, at both $T$.** With the residual ($c = 1$) the second layer's error falls through
// $10^{-2}$ between $0.77$ and $1.52\,\alpha_{\rm count}$ — at about $1.4\,\alpha_{\rm count}$ for single runs and
// $1.25\,\alpha_{\rm count}$ for 8-run averages, nearly the same for $T = 2$ and $T = 3$, so the counting bound's
// $1/\kappa(T)$ scaling holds for gradient descent too. At every $\alpha$ of the grid $e_2 < e_1$; the first
// layer lags by a factor 6–7 at $1.52\,\alpha_{\rm count}$ (single $e_1 \approx 0.04$–$0.06$, averaged
// $\approx 0.02$) and crosses $10^{-2}$ only at $1.9$ ($T = 2$) and $1.8\,\alpha_{\rm count}$ ($T = 3$) for single
// runs, $1.7\,\alpha_{\rm count}$ for averages at both $T$.
// **GD does not recover the two-layer attention at the counting bound**: at $\alpha_{\rm count}$ both errors are
// still of order $10^{-1}$–$1$ (interpolating the grid), the last layer needs about $1.3$–$1.5\,\alpha_{\rm count}$
// and the first one more (1000 Adam steps; section 8 showed that layer 1 is still improving at step 1000, so part
// of its lag is optimization time, not information).
//
// **How much is optimization time?** Four times the steps, on one problem × 8 students at $T = 2$, $c = 1$:
// ```
// aim gd --layers 2 --rho 0.5 --d 50 --T 2 --alpha 0.375,0.5698076446261331 --average 8 --steps 1000   (then 4000)
// ```
// | $\alpha/\alpha_{\rm count}$ | steps | single $e_1$ | single $e_2$ | averaged $e_1$ | averaged $e_2$ |
// |---:|---:|---:|---:|---:|---:|
// | 1 | 1000 | 1.13 | 0.26 | 0.46 | 0.12 |
// | 1 | 4000 | 0.56 | 0.10 | 0.35 | 0.057 |
// | 1.52 | 1000 | 0.049 | 0.0060 | 0.018 | 0.0023 |
// | 1.52 | 4000 | 0.011 | 0.0021 | 0.0095 | 0.0018 |
//
// Longer training brings layer 1 down about 4× at $1.52\,\alpha_{\rm count}$, so its crossing would move from
// about $1.9$ to about $1.55\,\alpha_{\rm count}$ (single runs): that much of the lag is optimization time. At the
// counting bound itself four times the steps lower the single-run errors 2–2.6× and leave both of order $10^{-1}$: more training
// does not bring gradient descent to $\alpha_{\rm count}$.
//
// **Without the residual ($c = 0$) nothing is learned up to $1.52\,\alpha_{\rm count}$**, at $T = 2$ and $T = 3$:
// both layers stay at errors of order one, and the first layer's error grows with $\alpha$ (at
// $1.52\,\alpha_{\rm count}$, $T = 2$: $e_1 \approx 17$ for single runs) — the runaway of section 8. At
// $3\,\alpha_{\rm count}$ learning starts but no layer reaches $10^{-2}$: $T = 2$ single $e_1 \approx 0.27$,
// $e_2 \approx 0.035$ (averaged 0.08, 0.016); $T = 3$ single $e_1 \approx 0.09$, $e_2 \approx 0.04$ (averaged
// 0.02, 0.011). The last layer again comes first. The residual
// is what makes this model trainable by plain Adam from a random start: with $c = 1$, $M_1 = I + \sigma(A_1)$ keeps
// every token's own embedding in the second layer's input, so layer 2 sees the raw index $h^{(2)}$ plus a
// correction and can be fitted early; with $c = 0$ it only sees tokens averaged by layer 1's still-random attention.
// This is a negative result for $c = 0$ at this protocol (1000 steps, learning rate 0.1), not a statement about
// what the data determine.
//
// ### 11. The cost of not knowing the other layer (oracle runs)
//
// At $T = 2$, $c = 1$, the same problems and the same initializations as above, but with one layer **fixed to the
// teacher's** and only the other trained: "layer 2 with layer 1 known" and the reverse. Black: the one-layer
// state-evolution error (softmax channel, $\rho = 0.5$) at the same $\alpha$ — a **reference for scale**: it is
// the Bayes-optimal error of a *one-layer* model with that width, not of this two-layer model (whose
// Bayes-optimal error is not known, section 6). It reaches 0 at $\alpha_{PR}(0.5) = \alpha_{\rm count}/2$.
//
// Why it is the right scale for layer 2 *with layer 1 known*: then $M_1$ is known, and with $c = 1$ it is
// invertible ($M_1 = I + \sigma_\beta(A_1)$, a row-stochastic matrix with positive entries plus $I$) and maps the
// all-ones vector to twice itself. A label gives $A_2 = M_1 h^{(2)} M_1^\top$ up to a common shift $s\,\mathbf 1
// \mathbf 1^\top$, hence $h^{(2)} = M_1^{-1} A_2 M_1^{-\top}$ up to the shift $(s/4)\,\mathbf 1\mathbf 1^\top$:
// exactly what one sample of the one-layer softmax model reveals about its index. So for that oracle problem
// (and only for it) this curve is the Bayes-optimal error, and GD's single runs should sit near twice it and the
// $K$-run averages near $(1 + 1/K)$ times it, as in notebook 04 — up to the finite-size smearing at $d = 50$.

// %%
await aim.display(await aim.figureSpec("deep-oracle"));

// %%
{
  const main = deepRows.filter((r) => r.d === 50 && r.T === 2 && r.c === 1);
  const ratios = [...new Set(main.map((r) => r.alpha_ratio))].sort((a, b) => a - b);
  const pick = (ratio: number, trained: string) => main.find((r) => r.alpha_ratio === ratio && r.trained === trained);
  const fmt = (x: number | undefined) => (x === undefined ? "—" : x.toExponential(1));
  const layerOf = (row: aim.DeepGDRow | undefined, layer: number, kind: "single" | "averaged") =>
    row === undefined ? undefined : aim.parseListCell(kind === "single" ? row.mse_single_layers : row.mse_avg_layers)[layer - 1];
  const count = aim.alphaCount([0.5, 0.5], 2);
  console.table(ratios.map((ratio) => {
    const both = pick(ratio, "1;2");
    const only2 = pick(ratio, "2");
    const only1 = pick(ratio, "1");
    return {
      "α/α_count": ratio.toFixed(2),
      "e2 avg, both trained": fmt(layerOf(both, 2, "averaged")), "e2 avg, layer 1 known": fmt(layerOf(only2, 2, "averaged")),
      "e1 avg, both trained": fmt(layerOf(both, 1, "averaged")), "e1 avg, layer 2 known": fmt(layerOf(only1, 1, "averaged")),
      "e2 single, layer 1 known": fmt(layerOf(only2, 2, "single")),
      "one-layer SE (reference)": fmt(aim.solveSE(aim.softmax(2), 0.5, ratio * count).mmse),
    };
  }));
  // where the trained layer's error crosses 1e-2, with and without the other layer known
  for (const [layer, trained] of [[2, "2"], [2, "1;2"], [1, "1"], [1, "1;2"]] as const) {
    const rows = main.filter((r) => r.trained === trained).sort((a, b) => a.alpha - b.alpha);
    if (rows.length === 0) continue;
    const cross = (kind: "single" | "averaged") => {
      const errors = rows.map((r) => layerOf(r, layer, kind)!);
      const c = aim.levelCrossing(rows.map((r) => r.alpha_ratio), errors, aim.DEEP_GD.threshold);
      return c === undefined ? `not reached by ${rows[rows.length - 1].alpha_ratio.toFixed(2)}` : `${c.kind === "interpolated" ? "" : "≤ "}${c.x.toFixed(2)}`;
    };
    const setting = trained === "1;2" ? "both layers trained" : `layer ${layer} only, the other the teacher's`;
    console.log(`layer ${layer}, ${setting}: error 1e-2 crossed at α/α_count = ${cross("single")} (single), ${cross("averaged")} (averaged)`);
  }
}

// %% [markdown]
// **Knowing layer 1 makes layer 2 a one-layer problem, and GD solves it like one.** With layer 1 fixed to the
// teacher's, layer 2's error crosses $10^{-2}$ at about $0.8\,\alpha_{\rm count}$ (= $1.6\,\alpha_{PR}$ of one
// layer of width 0.5) and is $10^{-6}$ at $1.52\,\alpha_{\rm count}$, where training both layers leaves it at
// $6\cdot10^{-3}$ (single). Below $\alpha_{PR}$ it sits above the one-layer SE error that is its Bayes-optimal
// error (single runs 2.1× and 3.7× SE at $0.2$ and $0.39\,\alpha_{\rm count}$, averages 1.3× and 2.1×): the
// factor-2 picture of notebook 04, degraded near the transition at $d = 50$. So not knowing layer 1 costs layer 2 a
// factor of about $1.5$–$1.8$ in $\alpha$ at the $10^{-2}$ level.
//
// **The reverse oracle** (layer 1 trained, layer 2 the teacher's) has no such reduction — layer 1 enters through
// the softmax inside $M_1$ — and it is the harder of the two: it crosses $10^{-2}$ at about $1.27\,\alpha_{\rm
// count}$ (single) and $1.05\,\alpha_{\rm count}$ (averaged), against $0.8$ for layer 2 alone; still, knowing
// layer 2 moves layer 1's crossing down from $1.9$ / $1.7\,\alpha_{\rm count}$, a factor ≈ 1.5–1.6. Each layer
// pays about the same factor for not knowing the other.
//
// ### 12. The trend with $d$
//
// The $T = 2$, $c = 1$ curve again at $d = 100$, on the same six ratios and with the same protocol (3 problems ×
// $K = 8$ students, 1000 Adam steps; a $d = 100$ point costs about as much as eight at $d = 50$), next to the
// $d = 50$ points at the same $\alpha/\alpha_{\rm count}$. Its crossings are the $d = 100$ row of the table in
// section 10; in the figure of section 9 it is the curve of diamonds.

// %%
{
  const big = deepRows.filter((r) => r.d === 100 && aim.trainsAll(r));
  const rows = big.flatMap((b) => deepRows.filter((r) => aim.trainsAll(r) && r.T === b.T && r.c === b.c && Math.abs(r.alpha_ratio - b.alpha_ratio) < 1e-9));
  if (big.length > 0) console.table(rows.sort((a, b) => a.d - b.d || a.alpha - b.alpha).map((r) => ({
    d: r.d, T: r.T, c: r.c, "α/α_count": r.alpha_ratio.toFixed(2), n: r.n, runs: `${r.samples}×${r.average}`,
    "e1 single": aim.parseListCell(r.mse_single_layers)[0].toExponential(1), "e2 single": aim.parseListCell(r.mse_single_layers)[1].toExponential(1),
    "e1 averaged": aim.parseListCell(r.mse_avg_layers)[0].toExponential(1), "e2 averaged": aim.parseListCell(r.mse_avg_layers)[1].toExponential(1),
  })));
  else console.log("no d = 100 point in data/gd-deep.csv");
}

// %% [markdown]
// Doubling $d$ moves nothing the crossing table reads. At $d = 100$ the errors cross $10^{-2}$ at
// $1.78$ (layer 1) and $1.42\,\alpha_{\rm count}$ (layer 2) for single runs and at $1.62$ and $1.25$ for averages,
// against $1.93$, $1.42$, $1.66$ and $1.24$ at $d = 50$; at $0.77$ and $1.52\,\alpha_{\rm count}$, the two grid
// points around the crossings, the errors of the two sizes agree within 20%. So the distance between the
// counting bound and the $\alpha$ where gradient descent recovers the layers is not a finite-size effect of
// $d = 50$ that shrinks by $d = 100$. The two sizes differ only far from the crossings:
// * at $3\,\alpha_{\rm count}$ the larger problem reaches much lower errors (single $e_1 = 5\cdot10^{-5}$ against
//   $7\cdot10^{-4}$, $e_2 = 1.6\cdot10^{-5}$ against $5\cdot10^{-5}$), with four times the samples and the same
//   1000 Adam steps;
// * at $0.1\,\alpha_{\rm count}$, where nothing is learned, single runs wander further from the teacher
//   (single $e_1$ 8.4 against 5.7), while the 8-run averages stay closer (2.3 against 1.9).
//
// Two sizes are not an extrapolation to $d \to \infty$; they say that at these sizes the picture is stable.
//
// ### 13. What the experiments show
//
// * The counting bound is **not** where gradient descent recovers a two-layer attention: at $d = 50$, $\rho = 0.5$,
//   with the residual, the last layer reaches error $10^{-2}$ at about $1.25$–$1.5\,\alpha_{\rm count}$ (averaged,
//   single) for both $T = 2$ and $3$, and the first layer only at $1.7$–$1.9\,\alpha_{\rm count}$. At $d = 100$
//   ($T = 2$) the crossings are the same within $0.15\,\alpha_{\rm count}$.
// * The **last layer is learned first**; the first layer lags at every $\alpha$, and is still improving after the
//   1000 Adam steps of the protocol.
// * The **residual decides trainability**: with $c = 0$ neither layer is learned up to $1.52\,\alpha_{\rm count}$,
//   the first layer's weights run away, and at $3\,\alpha_{\rm count}$ the errors have only come down to
//   $10^{-2}$–$10^{-1}$ (negative result, this protocol).
// * **Oracle**: with layer 1 known, layer 2 is a one-layer problem (the one-layer SE curve is then its Bayes-optimal
//   error) and GD recovers it from about $0.8\,\alpha_{\rm count}$; not knowing layer 1 costs a factor ≈ 1.5–1.8 in
//   $\alpha$; the reverse oracle (layer 1 trained, layer 2 known) crosses at $1.05$–$1.27\,\alpha_{\rm count}$,
//   against $1.7$–$1.9$ when both are trained: the first layer is intrinsically the harder one, and each layer
//   pays a factor ≈ 1.5–1.8 for not knowing the other.
// * Sizes are small: $d = 50$ for the whole table and $d = 100$ for the $T = 2$, $c = 1$ curve, 3 problems ×
//   8 students per point, six ratios on a log grid (so crossings are interpolated over a factor 2 in $\alpha$). `aim data gd --preset deep` resumes the set (data/gd-deep.manifest.json says what ran).
