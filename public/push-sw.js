/**
 * Web Push in the service worker (imported by the generated sw.js): shows the notification
 * a push message carries, and opens its card (or board) when clicked. A message that cannot
 * be read still shows a notification that says only that something changed.
 */
self.addEventListener("push", (event) => {
  let data = {}
  try {
    data = event.data ? event.data.json() : {}
  } catch {
    data = {}
  }
  const title = typeof data.title === "string" ? data.title : "Baton"
  const body = typeof data.body === "string" ? data.body : "Something changed on a board"
  const board = typeof data.boardId === "string" ? data.boardId : null
  const card = typeof data.cardId === "string" ? data.cardId : null
  const hash = board ? `#/b/${board}${card ? `/c/${card}` : ""}` : ""
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      tag: card ?? board ?? "baton",
      data: { url: new URL(`./${hash}`, self.registration.scope).href },
    }),
  )
})

self.addEventListener("notificationclick", (event) => {
  event.notification.close()
  const url = event.notification.data?.url ?? self.registration.scope
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        // navigate() rejects for a window this worker does not control: open a new one then.
        if ("focus" in w)
          return w
            .navigate(url)
            .then((c) => (c ?? w).focus())
            .catch(() => self.clients.openWindow(url))
      }
      return self.clients.openWindow(url)
    }),
  )
})
