import { describe, expect, it } from "vitest"
import { createUpdateController } from "./updates"
import type { UpdateState, WorkboxLike } from "./updates"

/** Stands in for workbox-window's Workbox: the test fires the events a browser would. */
class FakeWorkbox implements WorkboxLike {
  readonly listeners = new Map<string, Array<(e: { isExternal?: boolean }) => void>>()
  skipWaitingSent = 0
  addEventListener(
    type: "waiting" | "controlling",
    listener: (e: { isExternal?: boolean }) => void,
  ): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  messageSkipWaiting(): void {
    this.skipWaitingSent++
  }
  fire(type: "waiting" | "controlling", isExternal = false): void {
    for (const l of this.listeners.get(type) ?? []) l({ isExternal })
  }
}

function setup(beforeReload: () => Promise<void> = async () => {}) {
  const workbox = new FakeWorkbox()
  const states: UpdateState[] = []
  const log: string[] = []
  const timers: Array<() => void> = []
  const controller = createUpdateController({
    workbox,
    beforeReload: async () => {
      log.push("save")
      await beforeReload()
    },
    reload: () => log.push("reload"),
    onState: (s) => states.push(s),
    setTimer: (fn) => timers.push(fn),
  })
  return { workbox, states, log, timers, controller }
}

describe("update flow", () => {
  it("shows the prompt when a new version waits and never reloads by itself", () => {
    const { workbox, states, log, controller } = setup()
    workbox.fire("waiting")
    expect(controller.state()).toBe("ready")
    expect(states).toEqual(["ready"])
    expect(log).toEqual([])
    expect(workbox.skipWaitingSent).toBe(0)
  })

  it("on Reload saves first, then activates the waiting worker, and reloads once it controls the page", async () => {
    const { workbox, log, controller } = setup()
    workbox.fire("waiting")
    await controller.applyUpdate()
    expect(log).toEqual(["save"])
    expect(workbox.skipWaitingSent).toBe(1)
    workbox.fire("controlling")
    expect(log).toEqual(["save", "reload"])
  })

  it("reloads anyway if the worker never takes control after Reload", async () => {
    const { workbox, log, timers, controller } = setup()
    workbox.fire("waiting")
    await controller.applyUpdate()
    expect(log).toEqual(["save"])
    timers.forEach((t) => t())
    workbox.fire("controlling")
    expect(log).toEqual(["save", "reload"])
  })

  it("does not reload when another tab activated the new version; it offers the reload", async () => {
    const { workbox, log, controller } = setup()
    workbox.fire("waiting")
    workbox.fire("controlling", true)
    expect(log).toEqual([])
    expect(controller.state()).toBe("ready")
    await controller.applyUpdate()
    // No waiting worker any more: reload straight away after saving.
    expect(log).toEqual(["save", "reload"])
    expect(workbox.skipWaitingSent).toBe(0)
  })

  it("keeps the page when saving fails", async () => {
    const { workbox, log, controller } = setup(async () => {
      throw new Error("disk full")
    })
    workbox.fire("waiting")
    await expect(controller.applyUpdate()).rejects.toThrow("disk full")
    expect(controller.state()).toBe("ready")
    expect(workbox.skipWaitingSent).toBe(0)
    expect(log).toEqual(["save"])
  })
})
