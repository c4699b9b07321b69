/** Why a model operation refused its arguments. */
export type ModelErrorCode =
  | "not-found" // an unknown board, list, card, label, member, checklist item or comment id
  | "invalid-argument" // an empty title, a malformed deadline, an out-of-range number…
  | "already-exists" // an id that is already taken
  | "not-allowed" // the operation makes no sense in the current state (e.g. assigning a deleted label)

/**
 * Thrown by model operations on invalid arguments. `message` is written for people: the UI
 * shows it as is. Throwing inside `A.change`/`handle.change` discards the whole change, so
 * nothing is half-applied.
 */
export class ModelError extends Error {
  readonly code: ModelErrorCode
  constructor(code: ModelErrorCode, message: string) {
    super(message)
    this.name = "ModelError"
    this.code = code
  }
}

export function isModelError(e: unknown): e is ModelError {
  return e instanceof ModelError
}
