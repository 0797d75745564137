;; The two token-matrix products of AMP (theory.md §6) in WebAssembly 128-bit SIMD, float64 (f64x2).
;; Host side, memory layout and the formulas: lib/linalg/simd-products.ts. Assembled by scripts/build-wasm.ts
;; (wabt) into lib/linalg/wasm/token-kernels.wasm.ts; test/linalg/wasm-build.test.ts checks that the committed
;; bytes are those of this source.
;;
;; Conventions. All pointers are byte offsets into the imported (shared) memory. Matrices are row-major float64
;; with a padded row length dp (a multiple of 4, padding columns zero), so that every row starts 32-byte aligned
;; relative to its matrix and every loop over a row runs in whole f64x2 pairs with no remainder. WebAssembly SIMD
;; has no fused multiply-add: each step is one f64x2.mul and one f64x2.add, and the register tiles below keep
;; eight independent accumulator chains so that the adds (latency 3–4 cycles) never wait on each other.
(module
  (import "env" "memory" (memory 1 65536 shared))

;; P[r, j] = Σ_{t<d} X[r, t] · N[t, j] for r < rows (a multiple of 4) and j < dp, summed in the order
  ;; t = 0, 1, …, d−1 from 0 (the order of the JavaScript reference, lib/linalg/products.ts gemmNT, when N = Mᵀ).
  ;; Register tile: 4 rows of X (broadcast entries) × 4 columns of N (2 pairs) = 8 f64x2 accumulators, 6 loads
  ;; for 8 multiply–adds per t.
  (func $gemm_rows (export "gemm_rows")
    (param $x i32) (param $n i32) (param $p i32) (param $rows i32) (param $d i32) (param $dp i32)
    (local $stride i32) (local $r i32) (local $j i32) (local $end i32)
    (local $px i32) (local $pn i32) (local $c0 i32)
    (local $n0 v128) (local $n1 v128) (local $w v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (if (i32.eqz (local.get $rows)) (then (return)))
    (local.set $stride (i32.shl (local.get $dp) (i32.const 3)))
    (loop $r_loop
      (local.set $j (i32.const 0))
      (loop $j_loop
        (local.set $s00 (v128.const f64x2 0 0)) (local.set $s01 (v128.const f64x2 0 0))
        (local.set $s10 (v128.const f64x2 0 0)) (local.set $s11 (v128.const f64x2 0 0))
        (local.set $s20 (v128.const f64x2 0 0)) (local.set $s21 (v128.const f64x2 0 0))
        (local.set $s30 (v128.const f64x2 0 0)) (local.set $s31 (v128.const f64x2 0 0))
        (local.set $px (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $end (i32.add (local.get $px) (i32.shl (local.get $d) (i32.const 3))))
        (local.set $pn (i32.add (local.get $n) (i32.shl (local.get $j) (i32.const 3))))
        (loop $t_loop
          (local.set $n0 (v128.load (local.get $pn)))
          (local.set $n1 (v128.load offset=16 (local.get $pn)))
          (local.set $w (v128.load64_splat (local.get $px)))
          (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $w) (local.get $n0))))
          (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $w) (local.get $n1))))
          (local.set $w (v128.load64_splat (i32.add (local.get $px) (local.get $stride))))
          (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $w) (local.get $n0))))
          (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $w) (local.get $n1))))
          (local.set $w (v128.load64_splat (i32.add (local.get $px) (i32.shl (local.get $stride) (i32.const 1)))))
          (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $w) (local.get $n0))))
          (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $w) (local.get $n1))))
          (local.set $w (v128.load64_splat (i32.add (local.get $px) (i32.mul (local.get $stride) (i32.const 3)))))
          (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $w) (local.get $n0))))
          (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $w) (local.get $n1))))
          (local.set $pn (i32.add (local.get $pn) (local.get $stride)))
          (br_if $t_loop (i32.lt_u (local.tee $px (i32.add (local.get $px) (i32.const 8))) (local.get $end))))
        (local.set $c0 (i32.add (local.get $p)
          (i32.add (i32.mul (local.get $r) (local.get $stride)) (i32.shl (local.get $j) (i32.const 3)))))
        (v128.store (local.get $c0) (local.get $s00)) (v128.store offset=16 (local.get $c0) (local.get $s01))
        (local.set $c0 (i32.add (local.get $c0) (local.get $stride)))
        (v128.store (local.get $c0) (local.get $s10)) (v128.store offset=16 (local.get $c0) (local.get $s11))
        (local.set $c0 (i32.add (local.get $c0) (local.get $stride)))
        (v128.store (local.get $c0) (local.get $s20)) (v128.store offset=16 (local.get $c0) (local.get $s21))
        (local.set $c0 (i32.add (local.get $c0) (local.get $stride)))
        (v128.store (local.get $c0) (local.get $s30)) (v128.store offset=16 (local.get $c0) (local.get $s31))
        (br_if $j_loop (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $dp))))
      (br_if $r_loop (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 4))) (local.get $rows)))))

  ;; C[i, j] += Σ_r X[r, i] · Y[r, j] for the 4×4 tiles with i0 ≤ i < i1 and j ≥ i (tile corners; i0, i1, dp
  ;; multiples of 4): every entry with j ≥ i of those rows, and a few just below the diagonal. Each entry's sum
  ;; runs over r = 0, 1, …, rows−1 from 0 and is then added to C (the order of the JavaScript reference). Register
  ;; tile: 4 broadcast entries of a token row × 2 pairs of a combined-token row = 8 f64x2 accumulators, 6 loads for
  ;; 8 multiply–adds per row.
  (func $gemm_tn_upper (export "gemm_tn_upper")
    (param $x i32) (param $y i32) (param $c i32) (param $rows i32) (param $dp i32) (param $i0 i32) (param $i1 i32)
    (local $stride i32) (local $end i32) (local $i i32) (local $j i32)
    (local $px i32) (local $py i32) (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $y0 v128) (local $y1 v128) (local $w v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (if (i32.or (i32.eqz (local.get $rows)) (i32.ge_u (local.get $i0) (local.get $i1))) (then (return)))
    (local.set $stride (i32.shl (local.get $dp) (i32.const 3)))
    (local.set $i (local.get $i0))
    (loop $i_loop
      (local.set $j (local.get $i))
      (loop $j_loop
        (local.set $s00 (v128.const f64x2 0 0)) (local.set $s01 (v128.const f64x2 0 0))
        (local.set $s10 (v128.const f64x2 0 0)) (local.set $s11 (v128.const f64x2 0 0))
        (local.set $s20 (v128.const f64x2 0 0)) (local.set $s21 (v128.const f64x2 0 0))
        (local.set $s30 (v128.const f64x2 0 0)) (local.set $s31 (v128.const f64x2 0 0))
        (local.set $px (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $py (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $end (i32.add (local.get $px) (i32.mul (local.get $rows) (local.get $stride))))
        (loop $r_loop
          (local.set $y0 (v128.load (local.get $py)))
          (local.set $y1 (v128.load offset=16 (local.get $py)))
          (local.set $w (v128.load64_splat (local.get $px)))
          (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $w) (local.get $y0))))
          (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $w) (local.get $y1))))
          (local.set $w (v128.load64_splat offset=8 (local.get $px)))
          (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $w) (local.get $y0))))
          (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $w) (local.get $y1))))
          (local.set $w (v128.load64_splat offset=16 (local.get $px)))
          (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $w) (local.get $y0))))
          (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $w) (local.get $y1))))
          (local.set $w (v128.load64_splat offset=24 (local.get $px)))
          (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $w) (local.get $y0))))
          (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $w) (local.get $y1))))
          (local.set $py (i32.add (local.get $py) (local.get $stride)))
          (br_if $r_loop (i32.lt_u (local.tee $px (i32.add (local.get $px) (local.get $stride))) (local.get $end))))
        (local.set $c0 (i32.add (local.get $c)
          (i32.add (i32.mul (local.get $i) (local.get $stride)) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $c1 (i32.add (local.get $c0) (local.get $stride)))
        (local.set $c2 (i32.add (local.get $c1) (local.get $stride)))
        (local.set $c3 (i32.add (local.get $c2) (local.get $stride)))
        (v128.store (local.get $c0) (f64x2.add (v128.load (local.get $c0)) (local.get $s00)))
        (v128.store offset=16 (local.get $c0) (f64x2.add (v128.load offset=16 (local.get $c0)) (local.get $s01)))
        (v128.store (local.get $c1) (f64x2.add (v128.load (local.get $c1)) (local.get $s10)))
        (v128.store offset=16 (local.get $c1) (f64x2.add (v128.load offset=16 (local.get $c1)) (local.get $s11)))
        (v128.store (local.get $c2) (f64x2.add (v128.load (local.get $c2)) (local.get $s20)))
        (v128.store offset=16 (local.get $c2) (f64x2.add (v128.load offset=16 (local.get $c2)) (local.get $s21)))
        (v128.store (local.get $c3) (f64x2.add (v128.load (local.get $c3)) (local.get $s30)))
        (v128.store offset=16 (local.get $c3) (f64x2.add (v128.load offset=16 (local.get $c3)) (local.get $s31)))
        (br_if $j_loop (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $dp))))
      (br_if $i_loop (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $i1)))))

;; The indices of `samples` consecutive samples from their tokens X (T rows each) and P = X·M (same rows):
  ;;   h_ab = (x_a · P_b − δ_ab · trace) · invSqrtD,  written to h_ab and h_ba (T×T per sample, from `h` on),
  ;; each dot product summed over i = 0, 1, …, d−1 from 0 (the order of the JavaScript reference). The two lanes
  ;; hold two samples (s, s+1; the last sample twice when `samples` is odd, stored once).
  (func $dots (export "dots")
    (param $x i32) (param $p i32) (param $h i32) (param $samples i32) (param $T i32) (param $d i32) (param $dp i32)
    (param $trace f64) (param $invSqrtD f64)
    (local $stride i32) (local $s i32) (local $s1 i32) (local $a i32) (local $b i32) (local $i i32) (local $end i32)
    (local $x0 i32) (local $x1 i32) (local $p0 i32) (local $p1 i32) (local $h0 i32) (local $h1 i32) (local $TT8 i32)
    (local $u v128) (local $v v128) (local $acc v128)
    (if (i32.eqz (local.get $samples)) (then (return)))
    (local.set $stride (i32.shl (local.get $dp) (i32.const 3)))
    (local.set $TT8 (i32.shl (i32.mul (local.get $T) (local.get $T)) (i32.const 3)))
    (loop $s_loop
      (local.set $s1 (select (i32.add (local.get $s) (i32.const 1)) (local.get $s)
        (i32.lt_u (i32.add (local.get $s) (i32.const 1)) (local.get $samples))))
      (local.set $h0 (i32.add (local.get $h) (i32.mul (local.get $s) (local.get $TT8))))
      (local.set $h1 (i32.add (local.get $h) (i32.mul (local.get $s1) (local.get $TT8))))
      (local.set $a (i32.const 0))
      (loop $a_loop
        (local.set $b (local.get $a))
        (loop $b_loop
          (local.set $x0 (i32.add (local.get $x) (i32.mul (i32.add (i32.mul (local.get $s) (local.get $T)) (local.get $a)) (local.get $stride))))
          (local.set $x1 (i32.add (local.get $x) (i32.mul (i32.add (i32.mul (local.get $s1) (local.get $T)) (local.get $a)) (local.get $stride))))
          (local.set $p0 (i32.add (local.get $p) (i32.mul (i32.add (i32.mul (local.get $s) (local.get $T)) (local.get $b)) (local.get $stride))))
          (local.set $p1 (i32.add (local.get $p) (i32.mul (i32.add (i32.mul (local.get $s1) (local.get $T)) (local.get $b)) (local.get $stride))))
          (local.set $end (i32.shl (local.get $d) (i32.const 3)))
          (local.set $acc (v128.const f64x2 0 0))
          (local.set $i (i32.const 0))
          (loop $i_loop
            (local.set $u (v128.load64_lane 1 (i32.add (local.get $x1) (local.get $i))
              (v128.load64_splat (i32.add (local.get $x0) (local.get $i)))))
            (local.set $v (v128.load64_lane 1 (i32.add (local.get $p1) (local.get $i))
              (v128.load64_splat (i32.add (local.get $p0) (local.get $i)))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $u) (local.get $v))))
            (br_if $i_loop (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (local.get $end))))
          (if (i32.eq (local.get $a) (local.get $b))
            (then (local.set $acc (f64x2.sub (local.get $acc) (f64x2.splat (local.get $trace))))))
          (local.set $acc (f64x2.mul (local.get $acc) (f64x2.splat (local.get $invSqrtD))))
          (local.set $i (i32.shl (i32.add (i32.mul (local.get $a) (local.get $T)) (local.get $b)) (i32.const 3)))
          (local.set $end (i32.shl (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $a)) (i32.const 3)))
          (f64.store (i32.add (local.get $h0) (local.get $i)) (f64x2.extract_lane 0 (local.get $acc)))
          (f64.store (i32.add (local.get $h0) (local.get $end)) (f64x2.extract_lane 0 (local.get $acc)))
          (f64.store (i32.add (local.get $h1) (local.get $i)) (f64x2.extract_lane 1 (local.get $acc)))
          (f64.store (i32.add (local.get $h1) (local.get $end)) (f64x2.extract_lane 1 (local.get $acc)))
          (br_if $b_loop (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $T))))
        (br_if $a_loop (i32.lt_u (local.tee $a (i32.add (local.get $a) (i32.const 1))) (local.get $T))))
      (br_if $s_loop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 2))) (local.get $samples)))))

  ;; The combined tokens of `samples` consecutive samples, y_a = Σ_b G̃_ab x_b with G̃_aa = G_aa and
  ;; G̃_ab = G_min(a,b),max(a,b) / 2 (only a ≤ b of G is read), summed in the order b = 0, 1, …, T−1 and written
  ;; as rows of `y` (row length dp, same row order as x). Returns Σ_s Σ_a G_aa.
  (func $combine (export "combine")
    (param $x i32) (param $g i32) (param $y i32) (param $samples i32) (param $T i32) (param $dp i32) (result f64)
    (local $stride i32) (local $s i32) (local $a i32) (local $b i32) (local $k i32)
    (local $gs i32) (local $xs i32) (local $ya i32) (local $xb i32) (local $w f64) (local $ws v128) (local $diagonal f64)
    (if (i32.eqz (local.get $samples)) (then (return (f64.const 0))))
    (local.set $stride (i32.shl (local.get $dp) (i32.const 3)))
    (loop $s_loop
      (local.set $gs (i32.add (local.get $g) (i32.shl (i32.mul (local.get $s) (i32.mul (local.get $T) (local.get $T))) (i32.const 3))))
      (local.set $xs (i32.add (local.get $x) (i32.mul (i32.mul (local.get $s) (local.get $T)) (local.get $stride))))
      (local.set $a (i32.const 0))
      (loop $a_loop
        (local.set $ya (i32.add (local.get $y) (i32.mul (i32.add (i32.mul (local.get $s) (local.get $T)) (local.get $a)) (local.get $stride))))
        (memory.fill (local.get $ya) (i32.const 0) (local.get $stride))
        (local.set $diagonal (f64.add (local.get $diagonal)
          (f64.load (i32.add (local.get $gs) (i32.shl (i32.mul (local.get $a) (i32.add (local.get $T) (i32.const 1))) (i32.const 3))))))
        (local.set $b (i32.const 0))
        (loop $b_loop
          (if (i32.eq (local.get $a) (local.get $b))
            (then (local.set $w (f64.load (i32.add (local.get $gs) (i32.shl (i32.mul (local.get $a) (i32.add (local.get $T) (i32.const 1))) (i32.const 3))))))
            (else (local.set $w (f64.mul (f64.const 0.5)
              (f64.load (i32.add (local.get $gs) (i32.shl
                (select
                  (i32.add (i32.mul (local.get $a) (local.get $T)) (local.get $b))
                  (i32.add (i32.mul (local.get $b) (local.get $T)) (local.get $a))
                  (i32.lt_u (local.get $a) (local.get $b)))
                (i32.const 3))))))))
          (if (f64.ne (local.get $w) (f64.const 0))
            (then
              (local.set $ws (f64x2.splat (local.get $w)))
              (local.set $xb (i32.add (local.get $xs) (i32.mul (local.get $b) (local.get $stride))))
              (local.set $k (i32.const 0))
              (loop $k_loop
                (v128.store (i32.add (local.get $ya) (local.get $k)) (f64x2.add
                  (v128.load (i32.add (local.get $ya) (local.get $k)))
                  (f64x2.mul (local.get $ws) (v128.load (i32.add (local.get $xb) (local.get $k))))))
                (v128.store offset=16 (i32.add (local.get $ya) (local.get $k)) (f64x2.add
                  (v128.load offset=16 (i32.add (local.get $ya) (local.get $k)))
                  (f64x2.mul (local.get $ws) (v128.load offset=16 (i32.add (local.get $xb) (local.get $k))))))
                (br_if $k_loop (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 32))) (local.get $stride))))))
          (br_if $b_loop (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $T))))
        (br_if $a_loop (i32.lt_u (local.tee $a (i32.add (local.get $a) (i32.const 1))) (local.get $T))))
      (br_if $s_loop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 1))) (local.get $samples))))
    (local.get $diagonal))
)
