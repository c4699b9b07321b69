/** The card dialog's labels: assign the board's labels, or make a new one on the card. */
import { For, createMemo, createSignal } from "solid-js"
import { liveLabels } from "../../../model"
import { textOn } from "../../format"
import { newId } from "../../ids"
import { LABEL_COLORS } from "./labelColors"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

export function LabelsSection(props: { card: Card }) {
  const ctx = useBoard()
  const labels = createMemo(() => liveLabels(ctx.board))
  const [name, setName] = createSignal("")
  const [color, setColor] = createSignal(LABEL_COLORS[0]?.value ?? "#1a7f37")
  const id = props.card.id
  return (
    <>
      <h3 id={`labels-${id}`}>Labels</h3>
      <ul class="choice-list">
        <For each={labels()}>
          {(l) => (
            <li>
              <label class="check">
                <input
                  type="checkbox"
                  checked={props.card.labels[l.id] === true}
                  onChange={(e) => {
                    const v = e.currentTarget.checked
                    ctx.act(v ? "assignLabel" : "unassignLabel", id, l.id)
                  }}
                />
                <span class="label-chip" style={{ background: l.color, color: textOn(l.color) }}>
                  {l.name}
                </span>
              </label>
            </li>
          )}
        </For>
      </ul>
      <form
        class="label-form"
        onSubmit={(e) => {
          e.preventDefault()
          const n = name().trim()
          if (n === "") return
          const labelId = newId()
          const ok = ctx.act("createLabelOnCard", id, { id: labelId, name: n, color: color() })
          if (ok) setName("")
        }}
      >
        <label for={`new-label-${id}`}>New label</label>
        <input
          id={`new-label-${id}`}
          value={name()}
          maxLength={40}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <label for={`new-label-color-${id}`}>Colour</label>
        <select
          id={`new-label-color-${id}`}
          value={color()}
          onChange={(e) => setColor(e.currentTarget.value)}
        >
          <For each={LABEL_COLORS}>{(c) => <option value={c.value}>{c.name}</option>}</For>
        </select>
        <button type="submit" class="button">
          Add label
        </button>
      </form>
    </>
  )
}
