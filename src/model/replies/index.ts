export * from "./mentions"
export * from "./awaiting"
export * from "./thread"
export * from "./post"
