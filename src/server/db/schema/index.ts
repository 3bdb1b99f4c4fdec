export * from "./auth";
export * from "./clients";
export * from "./audit";
export * from "./invoicing";
