import assert from "node:assert/strict";
import { test } from "node:test";
import { kernelLayout, kernelMemory, shardRange, tileRows } from "../../lib/linalg/simd-products";
import { tokenAccumulate, tokenIndices } from "../../lib/linalg/products";
import { tokenProducts } from "../../lib/linalg/token-products";
import { gaussianArray } from "../../lib/random/rng";
import { symmetric, relativeError } from "./matrices";

/*
 * The WebAssembly SIMD float64 kernels against the JavaScript ones (lib/linalg/products.ts, themselves checked
 * against explicit sensing matrices in products.test.ts): bitwise equal (same terms summed in the same order) on
 * shapes that exercise every edge: d not a multiple of the 4-wide row padding (odd d, d < 4), n·T not a multiple
 * of the 4-row tile, one sample, an odd number of samples (the two-sample lanes of the dot products), several
 * 128-row blocks with a ragged last block, T = 1 … 5.
 */

// [n, T, d]: n·T rows (mod 4) and d (mod 4) take every value; 700·3 = 2 100 rows span 17 blocks of 42 samples
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1], [1, 2, 3], [3, 2, 5], [7, 3, 2], [37, 3, 17], [130, 2, 33], [9, 4, 6], [61, 5, 12], [700, 3, 101], [129, 2, 64],
];

for (const [n, T, d] of SHAPES) {
  test(`SIMD float64 products equal the JavaScript kernels bitwise (n = ${n}, T = ${T}, d = ${d})`, () => {
    const X = gaussianArray(n * T * d, `simd x ${n} ${T} ${d}`);
    const M = symmetric(d, `simd m ${d}`);
    const G = gaussianArray(n * T * T, `simd g ${n} ${T}`);
    // the strict lower triangle of each G^μ is never read: poison it
    for (let mu = 0; mu < n; mu++) for (let a = 0; a < T; a++) for (let b = 0; b < a; b++) G[mu * T * T + a * T + b] = NaN;
    const products = tokenProducts(X, n, T, d, "float64", { kernels: "simd" });
    assert.equal(products.label, "float64 wasm simd");
    const h = products.indices(M, new Float64Array(n * T * T));
    const hRef = tokenIndices(X, M, n, T, d);
    assert.deepEqual(h, hRef, `indices: relative error ${relativeError(h, hRef)}`);
    const A = products.accumulate(G, new Float64Array(d * d));
    const ARef = tokenAccumulate(X, G, n, T, d);
    assert.deepEqual(A, ARef, `accumulate: relative error ${relativeError(A, ARef)}`);
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) assert.equal(A[i * d + j], A[j * d + i]);
    // a second call on the same engine (state reused) gives the same numbers
    assert.deepEqual(products.indices(M, new Float64Array(n * T * T)), h);
    assert.deepEqual(products.accumulate(G, new Float64Array(d * d)), A);
    products.dispose();
  });
}

test("SIMD products on 2 and 3 threads give the same bits as on one (shards of samples, rows of the d × d sum)", () => {
  for (const [n, T, d] of [[700, 3, 101], [5, 2, 9], [1, 2, 4]] as const) {
    const X = gaussianArray(n * T * d, `threads x ${n}`);
    const M = symmetric(d, `threads m ${d}`);
    const G = gaussianArray(n * T * T, `threads g ${n}`);
    const hRef = tokenIndices(X, M, n, T, d);
    const ARef = tokenAccumulate(X, G, n, T, d);
    // engines of different thread counts alive at the same time (one team per size)
    const engines = [2, 3].map((threads) => ({ threads, products: tokenProducts(X, n, T, d, "float64", { threads }) }));
    for (const { threads, products } of engines) {
      assert.equal(products.label, `float64 wasm simd, ${threads} threads`);
      for (let call = 0; call < 2; call++) {
        assert.deepEqual(products.indices(M, new Float64Array(n * T * T)), hRef, `indices, ${threads} threads, n = ${n}`);
        assert.deepEqual(products.accumulate(G, new Float64Array(d * d)), ARef, `accumulate, ${threads} threads, n = ${n}`);
      }
      products.dispose();
      assert.throws(() => products.indices(M, new Float64Array(n * T * T)), /after dispose/);
    }
  }
  assert.throws(() => tokenProducts(new Float64Array(12), 2, 2, 3, "float64", { threads: 0 }), /threads must be an integer ≥ 1/);
  assert.throws(() => tokenProducts(new Float64Array(12), 2, 2, 3, "float64", { threads: 2, kernels: "js" }), /threads > 1 needs the float64 SIMD kernels/);
});

test("the SIMD layout pads rows to whole 4-float64 tiles and shards cover the samples contiguously", () => {
  const layout = kernelLayout(10, 3, 101, 2);
  assert.equal(layout.dp, 104);
  for (const offset of [layout.x, layout.m, layout.tt, layout.sum, ...layout.scratch]) assert.equal(offset % 64, 0);
  for (const [n, shards] of [[1, 1], [7, 2], [10, 3], [2, 2], [100, 7]]) {
    let next = 0;
    for (let s = 0; s < shards; s++) {
      const { first, count } = shardRange(n, s, shards);
      assert.equal(first, next);
      assert.ok(count >= Math.floor(n / shards) && count <= Math.ceil(n / shards));
      next = first + count;
    }
    assert.equal(next, n);
  }
  // rows of the d × d sum: whole 4-row tiles, contiguous, covering [0, dp), about equal numbers of upper tiles
  for (const [dp, members] of [[4, 1], [4, 2], [104, 2], [200, 3], [8, 5]]) {
    let next = 0;
    const work: number[] = [];
    for (let m = 0; m < members; m++) {
      const { i0, i1 } = tileRows(dp, m, members);
      assert.equal(i0, next);
      assert.equal(i0 % 4, 0);
      let tiles = 0;
      for (let i = i0; i < i1; i += 4) tiles += (dp - i) / 4;
      work.push(tiles);
      next = i1;
    }
    assert.equal(next, dp);
    if (dp >= 100) assert.ok(Math.max(...work) - Math.min(...work) <= dp / 4, `tiles per member ${work}`);
  }
});

test("SIMD products check their arguments with errors that name them", () => {
  const products = tokenProducts(new Float64Array(2 * 2 * 3), 2, 2, 3, "float64", { kernels: "simd" });
  assert.throws(() => products.indices(new Float64Array(8), new Float64Array(8)), /M must have d×d = 9/);
  assert.throws(() => products.accumulate(new Float64Array(8), new Float64Array(8)), /out must have d×d = 9/);
  assert.throws(() => tokenProducts(new Float64Array(12), 2, 2, 3, "float64", { kernels: "fortran" as never }), /kernels/);
  // beyond WebAssembly's 4 GiB: refused with the sizes, before anything is allocated
  assert.throws(() => kernelMemory(kernelLayout(1_000_000, 4, 200, 1)), /need [0-9.]+ GiB for n = 1000000, T = 4, d = 200.*4 GiB.*JavaScript kernels/);
});
