/**
 * Reordering a list's cards without taking them out of the page.
 *
 * Solid reorders a list's elements with `insertBefore`, which removes an element and inserts it
 * again: the card that is moved loses keyboard focus (the browser then blurs it and re-runs
 * its focus styles, and Baton has to focus it again), and the removal costs more than the
 * move. `Element.moveBefore` moves an element within the page keeping its focus and state.
 * `preferMoveBefore(ul)` makes that list's `insertBefore` a `moveBefore` whenever the element
 * is already one of its children; anything else, or a browser without `moveBefore`, takes the
 * usual path.
 */
type MovableParent = Element & { moveBefore?: (node: Node, child: Node | null) => void }

export function preferMoveBefore(parent: Element): void {
  const move = (parent as MovableParent).moveBefore
  if (typeof move !== "function") return
  const insert = parent.insertBefore.bind(parent)
  parent.insertBefore = function <T extends Node>(node: T, child: Node | null): T {
    // Inserting an element before itself leaves it where it is (Solid does so when it swaps
    // two neighbours); done the usual way it would be taken out and put back.
    if (node === child && node.parentNode === parent) return node
    if (node.parentNode === parent && (child === null || child.parentNode === parent)) {
      try {
        move.call(parent, node, child)
        return node
      } catch {
        // e.g. a node the browser will not move: insert it the usual way
      }
    }
    return insert(node, child)
  }
}
