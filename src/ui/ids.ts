/** Random ids for the screens; the one generator lives in src/shared. */
export { newId } from "../shared/ids"
