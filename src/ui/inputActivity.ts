/**
 * Tracks whether the person is interacting with the page: a key, pointer or wheel press within
 * the last `withinMs`.
 */
export function inputActivity(
  target: Pick<EventTarget, "addEventListener">,
  withinMs = 1_000,
  now: () => number = () => performance.now(),
): () => boolean {
  let last = -Infinity
  const mark = (): void => {
    last = now()
  }
  for (const type of ["keydown", "pointerdown", "wheel"])
    target.addEventListener(type, mark, { capture: true, passive: true })
  return () => now() - last < withinMs
}
