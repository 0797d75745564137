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

// channels (§1, §4)
export * from "./channels/channel";
export * from "./channels/softmax";
export * from "./channels/linear";
export * from "./channels/hardmax";
export * from "./channels/registry";

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

// phase transitions: error maps, α_PR surface, Bayes-optimal test error on y (§2, §5)
export * from "./phases/qmc";
export * from "./phases/generalization";
export * from "./phases/maps";
