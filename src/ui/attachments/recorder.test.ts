import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import {
  NOTE_LIMIT_MS,
  NoteRecorder,
  chooseMimeType,
  formatLength,
  formatTimer,
  noteFileName,
  recordingErrorMessage,
  recordingSupport,
} from "./recorder"
import type {
  MediaDevicesLike,
  NoteSource,
  RecorderConstructor,
  RecorderDeps,
  RecorderLike,
  RecorderState,
} from "./recorder"

class FakeTrack {
  stopped = false
  private ended: (() => void)[] = []
  constructor(readonly kind: "audio" | "video") {}
  stop(): void {
    this.stopped = true
  }
  addEventListener(type: string, f: () => void): void {
    if (type === "ended") this.ended.push(f)
  }
  /** The browser ends the track (screen sharing stopped, device unplugged). */
  end(): void {
    this.stopped = true
    for (const f of this.ended) f()
  }
}

class FakeStream {
  constructor(readonly tracks: FakeTrack[]) {}
  getTracks(): FakeTrack[] {
    return [...this.tracks]
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === "audio")
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === "video")
  }
}

interface FakeRecorderClass extends RecorderConstructor {
  supported: Set<string>
  made: FakeRecorder[]
}

class FakeRecorder implements RecorderLike {
  static supported = new Set<string>(["audio/webm;codecs=opus", "video/webm;codecs=vp9,opus"])
  static made: FakeRecorder[] = []
  static isTypeSupported(t: string): boolean {
    return FakeRecorder.supported.has(t)
  }
  state: "inactive" | "recording" | "paused" = "inactive"
  mimeType: string
  ondataavailable: ((e: { data: Blob }) => void) | null = null
  onstop: (() => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  timeslice: number | undefined
  constructor(
    readonly stream: FakeStream,
    readonly options: {
      mimeType?: string
      audioBitsPerSecond?: number
      videoBitsPerSecond?: number
    } = {},
  ) {
    this.mimeType = options.mimeType ?? ""
    FakeRecorder.made.push(this)
  }
  start(timeslice?: number): void {
    this.timeslice = timeslice
    this.state = "recording"
  }
  /** A slice of recorded bytes, as the browser hands them over every `timeslice`. */
  emit(bytes: number): void {
    this.ondataavailable?.({ data: new Blob([new Uint8Array(bytes)]) })
  }
  stop(): void {
    if (this.state === "inactive") throw new Error("InvalidStateError")
    this.state = "inactive"
    // The browser hands over the last slice, then fires stop, after the current task.
    void Promise.resolve().then(() => {
      this.emit(10)
      this.onstop?.()
    })
  }
}

function domError(name: string): Error {
  const e = new Error(name)
  e.name = name
  return e
}

interface Fakes {
  deps: RecorderDeps
  tracks: FakeTrack[]
  calls: MediaStreamConstraints[]
}

/** Fake devices: every request gets fresh tracks, unless `refuse` says which error to throw. */
function fakes(
  options: {
    refuse?: (c: MediaStreamConstraints | "display") => Error | undefined
    screen?: boolean
    recorder?: boolean
    gate?: Promise<void>
  } = {},
): Fakes {
  const tracks: FakeTrack[] = []
  const calls: MediaStreamConstraints[] = []
  const make = (kinds: ("audio" | "video")[]): MediaStream => {
    const ts = kinds.map((k) => new FakeTrack(k))
    tracks.push(...ts)
    return new FakeStream(ts) as unknown as MediaStream
  }
  const mediaDevices: MediaDevicesLike = {
    async getUserMedia(c) {
      calls.push(c)
      await options.gate
      const e = options.refuse?.(c)
      if (e) throw e
      return make(c.video ? ["audio", "video"] : ["audio"])
    },
  }
  if (options.screen !== false)
    mediaDevices.getDisplayMedia = async () => {
      await options.gate
      const e = options.refuse?.("display")
      if (e) throw e
      return make(["video"])
    }
  return {
    tracks,
    calls,
    deps: {
      MediaRecorder:
        options.recorder === false ? undefined : (FakeRecorder as unknown as RecorderConstructor),
      MediaStream: FakeStream as unknown as new (t: MediaStreamTrack[]) => MediaStream,
      mediaDevices,
      now: () => Date.now(),
      finalize: async (b) => b,
    },
  }
}

function watch(r: NoteRecorder): RecorderState[] {
  const seen: RecorderState[] = []
  r.subscribe((s) => seen.push(s))
  return seen
}

const lastRecorder = (): FakeRecorder => FakeRecorder.made[FakeRecorder.made.length - 1]!

/** Lets the fake recorder's stop (a resolved promise) and the finalizing step run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-12-07T14:32:10") })
  FakeRecorder.supported = new Set(["audio/webm;codecs=opus", "video/webm;codecs=vp9,opus"])
  FakeRecorder.made = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe("choosing the format", () => {
  const withTypes = (types: string[]): FakeRecorderClass => {
    FakeRecorder.supported = new Set(types)
    return FakeRecorder as unknown as FakeRecorderClass
  }

  it("prefers AAC in MP4 where the browser records it (Safari), else Opus in WebM (Chromium on Linux)", () => {
    expect(
      chooseMimeType("voice", withTypes(["audio/mp4;codecs=mp4a.40.2", "audio/webm;codecs=opus"])),
    ).toBe("audio/mp4;codecs=mp4a.40.2")
    // Chromium on Linux: no AAC encoder, and a bare audio/mp4 would be Opus in MP4.
    expect(
      chooseMimeType(
        "voice",
        withTypes(["audio/mp4", "audio/mp4;codecs=opus", "audio/webm;codecs=opus", "audio/webm"]),
      ),
    ).toBe("audio/webm;codecs=opus")
    expect(
      chooseMimeType(
        "video",
        withTypes(["video/mp4;codecs=avc1.42E01E,mp4a.40.2", "video/webm;codecs=vp9,opus"]),
      ),
    ).toBe("video/mp4;codecs=avc1.42E01E,mp4a.40.2")
    expect(chooseMimeType("screen", withTypes(["video/mp4", "video/webm;codecs=vp8,opus"]))).toBe(
      "video/webm;codecs=vp8,opus",
    )
    expect(chooseMimeType("voice", withTypes([]))).toBe("")
  })

  it("records with the chosen type and 32 kbit/s voice, 450 kbit/s video", async () => {
    const f = fakes()
    const r = new NoteRecorder(f.deps)
    await r.start("voice")
    expect(lastRecorder().options).toEqual({
      mimeType: "audio/webm;codecs=opus",
      audioBitsPerSecond: 32_000,
    })
    r.cancel()
    await r.start("video")
    expect(lastRecorder().options).toEqual({
      mimeType: "video/webm;codecs=vp9,opus",
      audioBitsPerSecond: 32_000,
      videoBitsPerSecond: 450_000,
    })
    r.cancel()
  })

  it("lets the browser pick when it records none of the listed types", async () => {
    FakeRecorder.supported = new Set()
    const f = fakes()
    const r = new NoteRecorder(f.deps)
    await r.start("voice")
    expect(lastRecorder().options).toEqual({ audioBitsPerSecond: 32_000 })
    r.cancel()
  })
})

describe("recording a note", () => {
  it("shows a running timer, and Stop keeps the note with its measured length", async () => {
    const f = fakes()
    const r = new NoteRecorder(f.deps)
    const seen = watch(r)
    await r.start("voice")
    expect(f.calls).toEqual([{ audio: { echoCancellation: true, noiseSuppression: true } }])
    expect(r.state.phase).toBe("recording")
    lastRecorder().emit(100)
    vi.advanceTimersByTime(3_000)
    expect(r.state).toMatchObject({ phase: "recording", elapsedMs: 3_000 })
    expect(formatTimer((r.state as { elapsedMs: number }).elapsedMs)).toBe("00:03")
    vi.advanceTimersByTime(200)
    r.stop()
    expect(r.state.phase).toBe("finishing")
    await settle()
    const s = r.state
    if (s.phase !== "done") throw new Error(`not done: ${s.phase}`)
    expect(s.recording.durationMs).toBe(3_200)
    expect(s.recording.mimeType).toBe("audio/webm")
    expect(s.recording.blob.type).toBe("audio/webm")
    expect(s.recording.blob.size).toBe(110)
    expect(s.recording.limitReached).toBe(false)
    expect(f.tracks.every((t) => t.stopped)).toBe(true)
    expect(seen.map((x) => x.phase)).toContain("starting")
  })

  it("stops by itself at 5 minutes and keeps everything recorded", async () => {
    const f = fakes()
    const r = new NoteRecorder(f.deps)
    await r.start("video")
    for (let s = 0; s < 300; s++) {
      lastRecorder().emit(1_000)
      vi.advanceTimersByTime(1_000)
    }
    await settle()
    const s = r.state
    if (s.phase !== "done") throw new Error(`not done: ${s.phase}`)
    expect(s.recording.limitReached).toBe(true)
    expect(s.recording.durationMs).toBe(NOTE_LIMIT_MS)
    expect(s.recording.blob.size).toBe(300 * 1_000 + 10)
    expect(s.recording.mimeType).toBe("video/webm")
    expect(lastRecorder().state).toBe("inactive")
    expect(f.tracks.map((t) => t.stopped)).toEqual([true, true])
    // nothing keeps ticking once it stopped
    vi.advanceTimersByTime(60_000)
    expect(r.state).toBe(s)
  })

  it("keeps the note when a track ends (screen sharing stopped from the browser's bar)", async () => {
    const f = fakes()
    const r = new NoteRecorder(f.deps)
    await r.start("screen")
    expect(lastRecorder().stream.tracks.map((t) => t.kind)).toEqual(["video", "audio"])
    vi.advanceTimersByTime(2_000)
    f.tracks[0]!.end()
    await settle()
    expect(r.state).toMatchObject({ phase: "done", recording: { durationMs: 2_000 } })
    expect(f.tracks.every((t) => t.stopped)).toBe(true)
  })

  it("Cancel keeps nothing and stops every track", async () => {
    const f = fakes()
    const r = new NoteRecorder(f.deps)
    const seen = watch(r)
    await r.start("video")
    lastRecorder().emit(500)
    vi.advanceTimersByTime(4_000)
    r.cancel()
    await settle()
    vi.advanceTimersByTime(NOTE_LIMIT_MS)
    await settle()
    expect(r.state).toEqual({ phase: "idle" })
    expect(seen.some((s) => s.phase === "done")).toBe(false)
    expect(lastRecorder().state).toBe("inactive")
    expect(f.tracks.map((t) => t.stopped)).toEqual([true, true])
  })

  it("Cancel while the browser asks for permission stops the devices it then grants", async () => {
    let open!: () => void
    const f = fakes({ gate: new Promise<void>((r) => (open = r)) })
    const r = new NoteRecorder(f.deps)
    const started = r.start("voice")
    expect(r.state.phase).toBe("starting")
    r.cancel()
    open()
    await started
    expect(r.state).toEqual({ phase: "idle" })
    expect(FakeRecorder.made).toHaveLength(0)
    expect(f.tracks).toHaveLength(1)
    expect(f.tracks[0]!.stopped).toBe(true)
  })

  it("a cancelled note's late stop does not touch the next note", async () => {
    const f = fakes()
    const r = new NoteRecorder(f.deps)
    await r.start("voice")
    r.cancel()
    await r.start("voice")
    await settle()
    expect(r.state.phase).toBe("recording")
    expect(f.tracks.map((t) => t.stopped)).toEqual([true, false])
    r.stop()
    await settle()
    expect(r.state.phase).toBe("done")
    expect(f.tracks.map((t) => t.stopped)).toEqual([true, true])
  })

  it("names the file after the kind of note and when it was recorded", () => {
    const at = new Date("2026-12-07T14:32:10").getTime()
    expect(noteFileName("voice", "audio/webm", at)).toBe("Voice note 2026-12-07 14.32.webm")
    expect(noteFileName("video", "video/mp4", at)).toBe("Video note 2026-12-07 14.32.mp4")
    expect(noteFileName("screen", "video/webm", at)).toBe("Screen note 2026-12-07 14.32.webm")
    expect(noteFileName("voice", "audio/mp4", at)).toBe("Voice note 2026-12-07 14.32.m4a")
  })

  it("formats lengths as m:ss and the timer as mm:ss", () => {
    expect(formatLength(3_960)).toBe("0:03")
    expect(formatLength(300_000)).toBe("5:00")
    expect(formatLength(61_400)).toBe("1:01")
    expect(formatTimer(59_999)).toBe("00:59")
    expect(formatTimer(300_000)).toBe("05:00")
  })
})

describe("when recording is not possible", () => {
  async function failWith(source: NoteSource, f: Fakes): Promise<string> {
    const r = new NoteRecorder(f.deps)
    await r.start(source)
    const s = r.state
    if (s.phase !== "error") throw new Error(`expected an error, got ${s.phase}`)
    expect(f.tracks.every((t) => t.stopped)).toBe(true)
    return s.message
  }

  it("a refused permission says so and how to allow it", async () => {
    const refuse = (): Error => domError("NotAllowedError")
    const voice = await failWith("voice", fakes({ refuse }))
    expect(voice).toMatch(/Permission to use your microphone was refused/)
    expect(voice).toMatch(/site settings.*allow the microphone/)
    expect(await failWith("video", fakes({ refuse }))).toMatch(
      /camera and microphone was refused.*allow the camera and microphone/,
    )
  })

  it("a microphone refused after the screen was shared stops the screen's tracks too", async () => {
    const f = fakes({ refuse: (c) => (c === "display" ? undefined : domError("NotAllowedError")) })
    const message = await failWith("screen", f)
    expect(message).toMatch(/screen and microphone was refused.*microphone and screen sharing/)
    expect(f.tracks).toHaveLength(1)
    expect(f.tracks[0]!.stopped).toBe(true)
  })

  it("no device found names the missing device", async () => {
    const refuse = (): Error => domError("NotFoundError")
    expect(await failWith("voice", fakes({ refuse }))).toBe(
      "No microphone was found. Connect one (or allow the browser to see it) and try again.",
    )
    expect(await failWith("video", fakes({ refuse }))).toMatch(/^No camera or microphone was found/)
  })

  it("a busy device says it is busy", async () => {
    const refuse = (): Error => domError("NotReadableError")
    expect(await failWith("voice", fakes({ refuse }))).toMatch(
      /^Your microphone is busy: another app or tab may be using it/,
    )
    expect(await failWith("video", fakes({ refuse }))).toMatch(
      /^Your camera and microphone are busy/,
    )
  })

  it("a browser without MediaRecorder says it can't record", async () => {
    const f = fakes({ recorder: false })
    expect(recordingSupport(f.deps)).toEqual({ record: false, screen: false })
    expect(await failWith("voice", f)).toBe(
      "This browser can't record voice or video notes. A recent Chrome, Edge, Firefox or Safari can.",
    )
    expect(f.calls).toHaveLength(0)
  })

  it("a page on plain http is told recording needs https", async () => {
    const f = fakes()
    f.deps.mediaDevices = undefined
    f.deps.secureContext = false
    expect(await failWith("voice", f)).toMatch(/needs Baton to be opened over https/)
  })

  it("a browser without screen sharing offers no screen note", async () => {
    const f = fakes({ screen: false })
    expect(recordingSupport(f.deps)).toEqual({ record: true, screen: false })
    expect(await failWith("screen", f)).toBe(
      "This browser can't share the screen. Record a voice or camera note instead.",
    )
  })

  it("an error while recording stops every track and keeps nothing half-written", async () => {
    const f = fakes()
    const r = new NoteRecorder(f.deps)
    await r.start("voice")
    vi.advanceTimersByTime(1_000)
    lastRecorder().onerror?.({ error: domError("UnknownError") })
    expect(r.state).toMatchObject({ phase: "error", message: expect.stringMatching(/failed/) })
    expect(f.tracks[0]!.stopped).toBe(true)
    vi.advanceTimersByTime(NOTE_LIMIT_MS)
    expect(r.state.phase).toBe("error")
  })

  it("a recording with no bytes is not offered", async () => {
    const f = fakes()
    const r = new NoteRecorder({ ...f.deps, finalize: async () => new Blob([]) })
    await r.start("voice")
    r.stop()
    await settle()
    expect(r.state).toMatchObject({ phase: "error", message: /^Nothing was recorded/ })
  })

  it("every message is a plain sentence, never a raw error name alone", () => {
    for (const source of ["voice", "video", "screen"] as const)
      for (const name of ["NotAllowedError", "NotFoundError", "NotReadableError", "Weird"]) {
        const m = recordingErrorMessage(source, domError(name))
        expect(m).toMatch(/^[A-Z].*\.$/)
        expect(m.length).toBeGreaterThan(30)
      }
  })
})
