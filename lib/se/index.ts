export * from "./solve";
export * from "./thresholds";
