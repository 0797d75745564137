export * from "./resolvent";
export * from "./edges";
export * from "./mmse";
export * from "./rie";
export * from "./information";
