export * from "./solve";
export * from "./thresholds";
export * from "./free-entropy";
