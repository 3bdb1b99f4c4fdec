export * from "./auth";
export * from "./clients";
export * from "./audit";
export * from "./invoicing";
export * from "./api-keys";
export * from "./idempotency";
export * from "./jobs";
export * from "./email";
