/**
 * Records a voice, camera or screen note with `MediaRecorder`, independent of Solid: the
 * browser's media objects come in as `RecorderDeps`, so tests drive it with fakes.
 *
 * One recorder records one note at a time: `start(source)`, then `stop()` (keeps what was
 * recorded) or `cancel()` (keeps nothing). It stops by itself at the 5-minute limit, keeping the
 * note, and when a track ends (the person stops sharing the screen, a microphone is unplugged).
 * Every track it obtained is stopped once it is done, however it ends, so the browser's
 * "recording" indicator goes away.
 */
export type NoteSource = "voice" | "video" | "screen"

/** A note is limited to 5 minutes (issue #23): long enough to explain, small enough to send. */
export const NOTE_LIMIT_MS = 5 * 60_000
/** Voice at 32 kbit/s: speech in Opus or AAC is clear at this rate; 5 minutes stay near 1.2 MB. */
export const VOICE_AUDIO_BPS = 32_000
/** Video at 450 kbit/s (plus the voice's 32 kbit/s): a 640×480 face or a screen, ~3.6 MB a minute. */
export const VIDEO_BPS = 450_000

/**
 * Container and codec, best first. AAC in MP4 (H.264 for video) plays in Safari and Chromium
 * alike; Chromium on Linux cannot encode AAC, so Opus in WebM comes next, which both play too.
 * The bare `audio/mp4` / `video/mp4` come last: in Chromium they mean Opus in MP4, which not
 * every Safari plays, but a browser that offers nothing else still records.
 */
export const AUDIO_TYPES = [
  "audio/mp4;codecs=mp4a.40.2",
  "audio/webm;codecs=opus",
  "audio/webm",
  "audio/mp4",
] as const
export const VIDEO_TYPES = [
  "video/mp4;codecs=avc1.42E01E,mp4a.40.2",
  "video/mp4;codecs=avc1,mp4a.40.2",
  "video/webm;codecs=vp9,opus",
  "video/webm;codecs=vp8,opus",
  "video/webm",
  "video/mp4",
] as const

/** The part of `MediaRecorder` used here. */
export interface RecorderLike {
  readonly state: "inactive" | "recording" | "paused"
  readonly mimeType: string
  ondataavailable: ((e: { data: Blob }) => void) | null
  onstop: (() => void) | null
  onerror: ((e: unknown) => void) | null
  start(timesliceMs?: number): void
  stop(): void
}

export interface RecorderConstructor {
  new (
    stream: MediaStream,
    options?: { mimeType?: string; audioBitsPerSecond?: number; videoBitsPerSecond?: number },
  ): RecorderLike
  isTypeSupported(type: string): boolean
}

export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>
  getDisplayMedia?: (options?: DisplayMediaStreamOptions) => Promise<MediaStream>
}

export interface RecorderDeps {
  MediaRecorder?: RecorderConstructor
  /** Joins the screen's video and the microphone's audio into one stream. */
  MediaStream?: new (tracks: MediaStreamTrack[]) => MediaStream
  mediaDevices?: MediaDevicesLike
  /** False on plain http (not localhost), where browsers hide `mediaDevices`. */
  secureContext?: boolean
  /** Milliseconds, for the timer and the note's length. */
  now?: () => number
  /** Makes the finished file seekable (WebM from `MediaRecorder` has no duration). */
  finalize?: (blob: Blob, durationMs: number) => Promise<Blob>
}

/** What the page offers: the browser's own media objects. */
export function browserDeps(): RecorderDeps {
  const g = globalThis as unknown as {
    MediaRecorder?: RecorderConstructor
    MediaStream?: new (tracks: MediaStreamTrack[]) => MediaStream
    navigator?: { mediaDevices?: MediaDevicesLike }
    isSecureContext?: boolean
  }
  return {
    MediaRecorder: g.MediaRecorder,
    MediaStream: g.MediaStream,
    mediaDevices: g.navigator?.mediaDevices,
    secureContext: g.isSecureContext ?? true,
  }
}

/** Whether this browser can record at all, and whether it can share the screen. */
export function recordingSupport(deps: RecorderDeps): { record: boolean; screen: boolean } {
  const record = deps.MediaRecorder !== undefined && deps.mediaDevices !== undefined
  return { record, screen: record && typeof deps.mediaDevices?.getDisplayMedia === "function" }
}

/** The first of `AUDIO_TYPES` / `VIDEO_TYPES` the browser records, or "" for its own default. */
export function chooseMimeType(source: NoteSource, rec: RecorderConstructor): string {
  const list = source === "voice" ? AUDIO_TYPES : VIDEO_TYPES
  for (const t of list) {
    try {
      if (rec.isTypeSupported(t)) return t
    } catch {
      // an old browser throwing on a codec string it does not know: try the next
    }
  }
  return ""
}

/** Bitrates given to `MediaRecorder` for a source. */
export function bitratesFor(source: NoteSource): {
  audioBitsPerSecond: number
  videoBitsPerSecond?: number
} {
  return source === "voice"
    ? { audioBitsPerSecond: VOICE_AUDIO_BPS }
    : { audioBitsPerSecond: VOICE_AUDIO_BPS, videoBitsPerSecond: VIDEO_BPS }
}

export interface Recording {
  blob: Blob
  /** The container type without parameters, e.g. `audio/webm`. */
  mimeType: string
  durationMs: number
  source: NoteSource
  /** When recording started (`now()`), for the file's name. */
  startedAt: number
  /** Stopped by the 5-minute limit rather than by the person. */
  limitReached: boolean
}

export type RecorderState =
  | { phase: "idle" }
  | { phase: "starting"; source: NoteSource }
  | { phase: "recording"; source: NoteSource; elapsedMs: number; stream: MediaStream }
  | { phase: "finishing"; source: NoteSource }
  | { phase: "done"; recording: Recording }
  | { phase: "error"; source: NoteSource; message: string }

const DEVICE: Record<NoteSource, string> = {
  voice: "microphone",
  video: "camera and microphone",
  screen: "screen and microphone",
}

/** A plain sentence for a failure to start or to record; the comment being written is untouched. */
export function recordingErrorMessage(source: NoteSource, error: unknown): string {
  const name =
    typeof error === "object" && error !== null && "name" in error
      ? String((error as { name: unknown }).name)
      : ""
  const what = DEVICE[source]
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return (
        `Permission to use your ${what} was refused, so nothing was recorded. ` +
        `To allow it, open the site settings (the icon left of the address) and allow the ` +
        `${source === "screen" ? "microphone and screen sharing" : what}, then press Record again.`
      )
    case "NotFoundError":
    case "OverconstrainedError":
      return source === "voice"
        ? "No microphone was found. Connect one (or allow the browser to see it) and try again."
        : source === "video"
          ? "No camera or microphone was found. Connect them and try again, or record a voice note."
          : "No microphone was found for the screen recording. Connect one and try again."
    case "NotReadableError":
    case "AbortError":
      return `Your ${what} ${source === "voice" ? "is" : "are"} busy: another app or tab may be using ${source === "voice" ? "it" : "them"}. Close it and try again.`
    case "NoMediaRecorder":
      return "This browser can't record voice or video notes. A recent Chrome, Edge, Firefox or Safari can."
    case "InsecureContext":
      return "Recording needs Baton to be opened over https; ask whoever runs your relay to serve it that way."
    case "EmptyRecording":
      return "Nothing was recorded: the browser gave no sound or picture. Try again."
    case "NoScreenShare":
      return "This browser can't share the screen. Record a voice or camera note instead."
    default:
      return `The recording failed${name !== "" ? ` (${name})` : ""}. Nothing was attached; try again.`
  }
}

function named(name: string): Error {
  const e = new Error(name)
  e.name = name
  return e
}

function baseType(mime: string): string {
  return mime.split(";")[0]!.trim().toLowerCase()
}

/** The note's file name, in the recording's local time: "Voice note 2026-12-07 14.32.webm". */
export function noteFileName(source: NoteSource, mime: string, startedAt: number): string {
  const d = new Date(startedAt)
  const p = (n: number): string => String(n).padStart(2, "0")
  const when = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}.${p(d.getMinutes())}`
  const label =
    source === "voice" ? "Voice note" : source === "video" ? "Video note" : "Screen note"
  return `${label} ${when}.${extensionOf(mime)}`
}

function extensionOf(mime: string): string {
  const t = baseType(mime)
  if (t === "audio/mp4") return "m4a"
  if (t === "video/mp4") return "mp4"
  if (t.endsWith("/ogg")) return "ogg"
  return "webm"
}

/**
 * "m:ss", the length shown beside a note: whole seconds, as the browser's own player counts
 * them, so it matches the last value of the timer and the player's total.
 */
export function formatLength(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`
}

/** "mm:ss" (whole seconds elapsed), the running timer. */
export function formatTimer(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`
}

async function defaultFinalize(blob: Blob, durationMs: number): Promise<Blob> {
  if (!blob.type.includes("webm")) return blob
  try {
    // Loaded when a note is finished, not with the app.
    const { default: fixWebmDuration } = await import("fix-webm-duration")
    return await fixWebmDuration(blob, durationMs, { logger: false })
  } catch {
    return blob
  }
}

/** How often the timer updates, in ms. */
const TICK_MS = 250

export class NoteRecorder {
  private current: RecorderState = { phase: "idle" }
  private readonly listeners = new Set<(s: RecorderState) => void>()
  private readonly now: () => number
  private readonly limitMs: number
  /** Bumped by every start and cancel, so a late answer from a permission prompt is ignored. */
  private attempt = 0
  /** Stops the tracks of the attempt being recorded. */
  private releaseCurrent: () => void = () => {}
  private recorder: RecorderLike | null = null
  private ticker: ReturnType<typeof setInterval> | null = null
  private limitTimer: ReturnType<typeof setTimeout> | null = null
  private startedAt = 0
  private stoppedAt = 0
  private limitReached = false

  constructor(
    private readonly deps: RecorderDeps,
    options: { limitMs?: number } = {},
  ) {
    this.now = deps.now ?? (() => Date.now())
    this.limitMs = options.limitMs ?? NOTE_LIMIT_MS
  }

  get state(): RecorderState {
    return this.current
  }

  /** Calls `listener` on every change of state (including each tick of the timer). */
  subscribe(listener: (s: RecorderState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private set(s: RecorderState): void {
    this.current = s
    for (const l of this.listeners) l(s)
  }

  /** Asks for the devices and starts recording; any failure ends in the `error` phase. */
  async start(source: NoteSource): Promise<void> {
    const phase = this.current.phase
    if (phase === "starting" || phase === "recording" || phase === "finishing") return
    const attempt = ++this.attempt
    const current = (): boolean => attempt === this.attempt
    // This attempt's tracks: stopped on every way out, and never by another attempt.
    const got: MediaStreamTrack[] = []
    const release = (): void => {
      for (const t of got.splice(0)) t.stop()
    }
    this.set({ phase: "starting", source })
    const fail = (e: unknown): void => {
      release()
      if (!current()) return
      this.clearTimers()
      this.recorder = null
      this.set({ phase: "error", source, message: recordingErrorMessage(source, e) })
    }
    const Rec = this.deps.MediaRecorder
    const devices = this.deps.mediaDevices
    if (devices === undefined && this.deps.secureContext === false)
      return fail(named("InsecureContext"))
    if (Rec === undefined || devices === undefined) return fail(named("NoMediaRecorder"))
    if (source === "screen" && typeof devices.getDisplayMedia !== "function")
      return fail(named("NoScreenShare"))

    let stream: MediaStream
    try {
      stream = await this.acquire(source, devices, got, current)
    } catch (e) {
      return fail(e)
    }
    // Cancelled while the browser was asking: nothing may keep recording.
    if (!current()) return release()

    const mimeType = chooseMimeType(source, Rec)
    let recorder: RecorderLike
    try {
      recorder = new Rec(stream, {
        ...(mimeType !== "" ? { mimeType } : {}),
        ...bitratesFor(source),
      })
    } catch (e) {
      return fail(e)
    }
    const chunks: Blob[] = []
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data)
    }
    recorder.onerror = (e) => fail((e as { error?: unknown }).error ?? e)
    recorder.onstop = () => {
      release()
      if (!current()) return
      this.clearTimers()
      this.recorder = null
      const type =
        baseType(recorder.mimeType || mimeType) ||
        (source === "voice" ? "audio/webm" : "video/webm")
      const durationMs = Math.max(0, this.stoppedAt - this.startedAt)
      const raw = new Blob(chunks, { type })
      const limitReached = this.limitReached
      const startedAt = this.startedAt
      void (this.deps.finalize ?? defaultFinalize)(raw, durationMs)
        .catch(() => raw)
        .then((blob) => {
          if (!current()) return
          if (blob.size === 0) return fail(named("EmptyRecording"))
          this.set({
            phase: "done",
            recording: { blob, mimeType: type, durationMs, source, startedAt, limitReached },
          })
        })
    }
    // A track that ends (screen sharing stopped from the browser's bar, a device unplugged)
    // ends the note, which is kept.
    for (const t of stream.getTracks())
      t.addEventListener("ended", () => {
        if (current()) this.stop()
      })

    this.limitReached = false
    try {
      // 1-second slices: an error late in a long note still leaves the earlier seconds.
      recorder.start(1000)
    } catch (e) {
      return fail(e)
    }
    this.recorder = recorder
    this.releaseCurrent = release
    this.startedAt = this.now()
    this.set({ phase: "recording", source, elapsedMs: 0, stream })
    this.ticker = setInterval(() => this.tick(), TICK_MS)
    this.limitTimer = setTimeout(() => this.stopAtLimit(), this.limitMs)
  }

  private async acquire(
    source: NoteSource,
    devices: MediaDevicesLike,
    got: MediaStreamTrack[],
    current: () => boolean,
  ): Promise<MediaStream> {
    const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true }
    if (source === "voice") {
      const s = await devices.getUserMedia({ audio })
      got.push(...s.getTracks())
      return s
    }
    if (source === "video") {
      const s = await devices.getUserMedia({
        audio,
        video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } },
      })
      got.push(...s.getTracks())
      return s
    }
    const screen = await devices.getDisplayMedia!({
      video: { frameRate: { ideal: 15 } },
      audio: false,
    })
    got.push(...screen.getTracks())
    if (!current()) return screen
    const mic = await devices.getUserMedia({ audio })
    got.push(...mic.getTracks())
    const Stream = this.deps.MediaStream
    if (Stream === undefined) throw named("NoMediaRecorder")
    return new Stream([...screen.getVideoTracks(), ...mic.getAudioTracks()])
  }

  private tick(): void {
    if (this.current.phase !== "recording") return
    const elapsedMs = Math.min(this.now() - this.startedAt, this.limitMs)
    if (elapsedMs >= this.limitMs) return this.stopAtLimit()
    this.set({ ...this.current, elapsedMs })
  }

  private stopAtLimit(): void {
    if (this.current.phase !== "recording") return
    this.limitReached = true
    this.stop()
  }

  /** Ends the note and keeps it (the `done` phase follows once the browser hands over the data). */
  stop(): void {
    if (this.current.phase !== "recording" || this.recorder === null) return
    this.stoppedAt = Math.min(this.now(), this.startedAt + this.limitMs)
    this.clearTimers()
    this.set({ phase: "finishing", source: this.current.source })
    try {
      this.recorder.stop()
    } catch {
      this.recorder.onstop?.()
    }
  }

  /** Ends whatever is going on and keeps nothing; the recorder is idle again. */
  cancel(): void {
    this.attempt++
    this.clearTimers()
    const r = this.recorder
    this.recorder = null
    if (r !== null && r.state !== "inactive") {
      try {
        r.stop()
      } catch {
        // already stopped
      }
    }
    this.releaseCurrent()
    this.releaseCurrent = () => {}
    this.set({ phase: "idle" })
  }

  /** Forgets a finished note or an error: back to idle. */
  reset(): void {
    if (this.current.phase === "done" || this.current.phase === "error") this.set({ phase: "idle" })
  }

  /** Cancels and drops every listener (the component went away). */
  dispose(): void {
    this.cancel()
    this.listeners.clear()
  }

  private clearTimers(): void {
    if (this.ticker !== null) clearInterval(this.ticker)
    if (this.limitTimer !== null) clearTimeout(this.limitTimer)
    this.ticker = null
    this.limitTimer = null
  }
}
