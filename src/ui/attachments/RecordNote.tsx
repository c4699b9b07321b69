/**
 * The comment box's **Record** control: a voice note, a camera note or (where the browser
 * can share the screen) a screen note with the microphone. It shows a running timer with
 * Stop and Cancel, then a preview to attach or discard. It never touches the comment being
 * typed: a refusal or an error is said beside it, and the text stays where it is.
 */
import { Match, Show, Switch, createEffect, createSignal, onCleanup } from "solid-js"
import { NotePlayer } from "./NotePlayer"
import {
  NOTE_LIMIT_MS,
  NoteRecorder,
  browserDeps,
  formatLength,
  formatTimer,
  noteFileName,
  recordingSupport,
} from "./recorder"
import type { NoteSource, RecorderDeps, RecorderState, Recording } from "./recorder"

const SOURCE_LABEL: Record<NoteSource, string> = {
  voice: "Voice note",
  video: "Video note",
  screen: "Screen and voice",
}
const ASKING: Record<NoteSource, string> = {
  voice: "Waiting for permission to use your microphone…",
  video: "Waiting for permission to use your camera and microphone…",
  screen: "Choose what to share, then allow the microphone…",
}

/** The recording as a file, named after its kind and the time it started. */
export function recordingFile(r: Recording): File {
  return new File([r.blob], noteFileName(r.source, r.mimeType, r.startedAt), {
    type: r.mimeType,
    lastModified: r.startedAt,
  })
}

export function RecordNote(props: {
  /** Called with the note when the person attaches it; a rejection keeps the preview. */
  onRecorded: (file: File, durationMs: number) => void | Promise<void>
  /** The browser's media objects (tests and benches pass their own). */
  deps?: RecorderDeps
  disabled?: boolean
}) {
  // eslint-disable-next-line solid/reactivity -- the browser's media objects are read once
  const deps = props.deps ?? browserDeps()
  const support = recordingSupport(deps)
  const recorder = new NoteRecorder(deps)
  const [state, setState] = createSignal<RecorderState>(recorder.state)
  const [choosing, setChoosing] = createSignal(false)
  const [attaching, setAttaching] = createSignal(false)
  const [attachError, setAttachError] = createSignal<string | null>(null)
  recorder.subscribe(setState)
  onCleanup(() => recorder.dispose())

  const recording = (): Recording | null => {
    const s = state()
    return s.phase === "done" ? s.recording : null
  }
  // One object URL per finished note, revoked when it is attached, discarded or replaced.
  const [previewUrl, setPreviewUrl] = createSignal<string | null>(null)
  createEffect(() => {
    const r = recording()
    if (r === null) return setPreviewUrl(null)
    const url = URL.createObjectURL(r.blob)
    setPreviewUrl(url)
    onCleanup(() => URL.revokeObjectURL(url))
  })

  const start = (source: NoteSource): void => {
    setChoosing(false)
    setAttachError(null)
    void recorder.start(source)
  }
  const attach = async (r: Recording): Promise<void> => {
    setAttaching(true)
    setAttachError(null)
    try {
      await props.onRecorded(recordingFile(r), r.durationMs)
      recorder.reset()
    } catch (e) {
      setAttachError(
        `The note could not be attached: ${e instanceof Error ? e.message : String(e)}. It is still here.`,
      )
    } finally {
      setAttaching(false)
    }
  }
  const focusSoon = (el: HTMLElement): void => {
    queueMicrotask(() => el.focus())
  }

  return (
    <div class="record-note">
      <Switch>
        <Match when={state().phase === "idle" || state().phase === "error"}>
          <div class="record-choose">
            <button
              type="button"
              class="button subtle"
              aria-expanded={choosing()}
              disabled={props.disabled}
              onClick={() => setChoosing((v) => !v)}
            >
              Record
            </button>
            <Show when={choosing()}>
              <div class="record-sources" role="group" aria-label="Record a note">
                <button type="button" class="button small" onClick={() => start("voice")}>
                  {SOURCE_LABEL.voice}
                </button>
                <button type="button" class="button small" onClick={() => start("video")}>
                  {SOURCE_LABEL.video}
                </button>
                <Show when={support.screen}>
                  <button type="button" class="button small" onClick={() => start("screen")}>
                    {SOURCE_LABEL.screen}
                  </button>
                </Show>
              </div>
            </Show>
          </div>
          <Show
            when={(() => {
              const s = state()
              return s.phase === "error" ? s.message : null
            })()}
          >
            {(message) => (
              <p class="error record-error" role="alert">
                {message()}
              </p>
            )}
          </Show>
        </Match>
        <Match
          when={(() => {
            const s = state()
            return s.phase === "starting" ? s.source : null
          })()}
        >
          {(source) => (
            <div class="record-live">
              <span class="muted" role="status">
                {ASKING[source()]}
              </span>
              <button type="button" class="button subtle small" onClick={() => recorder.cancel()}>
                Cancel
              </button>
            </div>
          )}
        </Match>
        <Match
          when={(() => {
            const s = state()
            return s.phase === "recording" ? s : null
          })()}
        >
          {(s) => (
            <div class="record-live">
              <Show when={s().source !== "voice"}>
                <video
                  class="record-monitor"
                  muted
                  autoplay
                  playsinline
                  aria-label="What is being recorded"
                  ref={(el) => (el.srcObject = s().stream)}
                />
              </Show>
              <span class="record-dot" aria-hidden="true" />
              <span>
                Recording {SOURCE_LABEL[s().source].toLowerCase()}{" "}
                <span
                  class="record-timer"
                  role="timer"
                  aria-label={`Recording time, limit ${formatLength(NOTE_LIMIT_MS)}`}
                >
                  {formatTimer(s().elapsedMs)}
                </span>
                <span class="muted"> / {formatTimer(NOTE_LIMIT_MS)}</span>
              </span>
              <button
                type="button"
                class="button primary small"
                ref={focusSoon}
                onClick={() => recorder.stop()}
              >
                Stop
              </button>
              <button type="button" class="button subtle small" onClick={() => recorder.cancel()}>
                Cancel
              </button>
            </div>
          )}
        </Match>
        <Match when={state().phase === "finishing"}>
          <span class="muted" role="status">
            Finishing the recording…
          </span>
        </Match>
        <Match when={recording()}>
          {(r) => (
            <div class="record-preview" role="group" aria-label="Recorded note">
              <Show when={previewUrl()}>
                {(url) => (
                  <NotePlayer
                    url={url()}
                    kind={r().source === "voice" ? "voice" : "video"}
                    durationMs={r().durationMs}
                    name={recordingFile(r()).name}
                  />
                )}
              </Show>
              <Show when={r().limitReached}>
                <p class="muted" role="status">
                  Stopped at the {formatLength(NOTE_LIMIT_MS)} limit; what was recorded is kept.
                </p>
              </Show>
              <Show when={attachError()}>
                {(m) => (
                  <p class="error" role="alert">
                    {m()}
                  </p>
                )}
              </Show>
              <div class="composer-actions">
                <button
                  type="button"
                  class="button primary small"
                  ref={focusSoon}
                  disabled={attaching()}
                  onClick={() => void attach(r())}
                >
                  Attach to comment
                </button>
                <button
                  type="button"
                  class="button subtle small"
                  disabled={attaching()}
                  onClick={() => {
                    setAttachError(null)
                    recorder.reset()
                  }}
                >
                  Discard
                </button>
              </div>
            </div>
          )}
        </Match>
      </Switch>
    </div>
  )
}
