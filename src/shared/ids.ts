/** Random ids for cards, lists, labels, members…: 16 characters of [A-Za-z0-9]. */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

export function newId(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let id = ""
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length]
  return id
}
