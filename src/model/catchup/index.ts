export * from "./objects"
export * from "./catchUp"
export * from "./history"
