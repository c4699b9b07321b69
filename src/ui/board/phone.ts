/**
 * Whether the board is laid out for a phone: the same width as the phone rules of
 * `src/ui/mobile.css`, so what the script draws and what the stylesheet lays out agree.
 */
import { createSignal } from "solid-js"

export const PHONE_QUERY = "(max-width: 600px)"

const query = typeof window === "undefined" ? null : window.matchMedia(PHONE_QUERY)
const [phone, setPhone] = createSignal(query?.matches ?? false)
query?.addEventListener("change", (e) => setPhone(e.matches))

/** Reactive: true while the window is phone-sized. */
export function isPhone(): boolean {
  return phone()
}
