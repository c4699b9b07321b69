export * from "./mentions"
export * from "./awaiting"
