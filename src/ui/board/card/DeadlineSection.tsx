/** The card dialog's one deadline section: what it is (with what extensions add, e.g. each owner's time) and its editor. */
import { extensions } from "../../extensions"
import { DeadlineBadge } from "../CardTile"
import { CardExtensions } from "../CardExtensions"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"
import { DateTimeForm } from "./DateTimeForm"

const TEXT = {
  date: "Date",
  time: "Time (optional)",
  zone: "Time zone",
  save: "Save deadline",
  remove: "Remove deadline",
  saved: "Deadline saved",
  removed: "Deadline removed",
}

export function DeadlineSection(props: { card: Card }) {
  const ctx = useBoard()
  const id = props.card.id
  return (
    <>
      <h3 id={`deadline-${id}`}>Deadline</h3>
      <DeadlineBadge card={props.card} />
      <CardExtensions parts={extensions.cardDeadlineDetails} card={props.card} />
      <DateTimeForm
        idPrefix={`dl-${id}`}
        value={props.card.deadline}
        text={TEXT}
        onSave={(deadline) => ctx.act("setDeadline", id, deadline)}
        onRemove={() => ctx.act("clearDeadline", id)}
      />
    </>
  )
}
