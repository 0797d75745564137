/**
 * aim-workbook: the public API. This file is only the list of re-exports, so it reads as the API.
 * Sections follow theory.md.
 */

// utilities
export * from "./util/check";
export * from "./random/rng";

// model (§1)
export * from "./model/teacher";
export * from "./model/data";
export * from "./model/deep";

// channels (§1, §4)
export * from "./channels/channel";
export * from "./channels/softmax";
export * from "./channels/linear";
export * from "./channels/hardmax";
export * from "./channels/registry";

// normal and bivariate normal laws (hardmax, §4)
export * from "./stats/normal";
export * from "./stats/bvn";
export * from "./stats/quadrature";

// numerics and linear algebra
export * from "./numeric/quadrature";
export * from "./numeric/roots";
export * from "./numeric/polynomial";
export * from "./numeric/grid";
export * from "./linalg/dense";
export * from "./linalg/symeig";

// random-matrix toolkit (§3)
export * from "./rmt";

// state evolution and thresholds (§4, §5)
export * from "./se";
export * from "./se/rho0";

// phase transitions: error maps, α_PR surface, Bayes-optimal test error on y (§2, §5)
export * from "./phases/qmc";
export * from "./phases/generalization";
export * from "./phases/maps";
export * from "./phases/predict";
export * from "./phases/sweep";
export * from "./parallel/pool";
export * from "./parallel/team";
// data tables: CSV + manifest, atomic writes, resumable runs
export * from "./store/atomic";
export * from "./store/paths";
export * from "./store/csv";
export * from "./store/manifest";
export * from "./store/table";

// figures (§8): theme, registry, headless rendering, notebook display
export * from "./figures/theme";
export * from "./figures/figure";
export * from "./figures/registry";
export * from "./figures/render";
export * from "./figures/display";
export * from "./figures/charts";
export type { DisplayBundle } from "./figures/kernel";
export { softmaxSE, softmaxSECurves, rhoInfinityLine, buildSoftmaxSE, SOFTMAX_SE, SE_CURVE_SCHEMA } from "./figures/softmax-se";
export type { SECurveRow } from "./figures/softmax-se";
export * from "./figures/phase-diagram";
export * from "./figures/generalization";
export * from "./figures/alpha-pr";
export * from "./figures/hardmax-se";

// progress for long runs (CLI bar on stderr, notebook line)
export * from "./cli/progress";

// AMP (§6): token-matrix products, GAMP-RIE, AMP-vs-SE experiments
export * from "./linalg/products";
export * from "./amp/denoise";
export * from "./amp/gamp";
export * from "./amp/experiment";
export * from "./amp/tables";
export * from "./linalg/token-products";
export { softmaxAmp, hardmaxAmp, universalSoftmaxCurve, buildSoftmaxAmp, SOFTMAX_AMP } from "./figures/amp";
// gradient descent (§7): TensorFlow.js student, backend selection, experiments, data presets
export * from "./tensor/backend";
export * from "./gd/adam";
export * from "./gd/student";
export * from "./gd/loss64";
export * from "./gd/train";
export * from "./gd/experiment";
export * from "./gd/presets";
export * from "./gd/deep-table";
export * from "./numeric/crossing";
export { softmaxGD, buildSoftmaxGD, universalSECurve, SOFTMAX_GD, AMP_SOFTMAX_SCHEMA } from "./figures/softmax-gd";
export type { SoftmaxGDData } from "./figures/softmax-gd";
export * from "./figures/deep-gd";
export * from "./figures/deep-oracle";
