/** The card dialog's start date section: when work on the card starts, and its editor. */
import { StartBadge } from "../CardTile"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"
import { DateTimeForm } from "./DateTimeForm"

const TEXT = {
  date: "Starts on",
  time: "Starting at (optional)",
  zone: "Zone of the start",
  save: "Save start",
  remove: "Remove start",
  saved: "Start date saved",
  removed: "Start date removed",
}

export function StartSection(props: { card: Card }) {
  const ctx = useBoard()
  const id = props.card.id
  return (
    <>
      <h3 id={`start-${id}`}>Start</h3>
      <StartBadge card={props.card} />
      <DateTimeForm
        idPrefix={`st-${id}`}
        value={props.card.start ?? null}
        text={TEXT}
        onSave={(start) => ctx.act("setStart", id, start)}
        onRemove={() => ctx.act("clearStart", id)}
      />
    </>
  )
}
