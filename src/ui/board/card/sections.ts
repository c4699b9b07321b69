/**
 * The card dialog's own sections, registered like any other (see `addCardSection`): a new
 * section is a file here and one line below.
 */
import { addCardSection } from "../../extensions"
import { ActionsSection } from "./ActionsSection"
import { AttachmentsSection } from "./attachments/AttachmentsSection"
import { ChecklistsSection } from "./ChecklistsSection"
import { CommentsSection } from "./CommentsSection"
import { DeadlineSection } from "./DeadlineSection"
import { StartSection } from "./StartSection"
import { DescriptionSection } from "./DescriptionSection"
import { LabelsSection } from "./LabelsSection"
import { OwnersSection } from "./OwnersSection"
import { StatusSection } from "./StatusSection"

let done = false

export function registerCardSections(): void {
  if (done) return
  done = true
  const main = "main" as const
  const side = "side" as const
  addCardSection({
    id: "description",
    column: main,
    order: 10,
    heading: { prefix: "desc" },
    component: DescriptionSection,
  })
  addCardSection({
    id: "checklist",
    column: main,
    order: 20,
    heading: { prefix: "checklist" },
    component: ChecklistsSection,
  })
  addCardSection({
    id: "attachments",
    column: main,
    order: 25,
    heading: { prefix: "attachments" },
    component: AttachmentsSection,
    ownRoles: true,
  })
  addCardSection({
    id: "comments",
    column: main,
    order: 30,
    heading: { prefix: "comments" },
    component: CommentsSection,
    ownRoles: true,
  })
  addCardSection({
    id: "status",
    column: side,
    order: 10,
    heading: { label: "Status" },
    component: StatusSection,
  })
  addCardSection({
    id: "owners",
    column: side,
    order: 20,
    heading: { prefix: "owners" },
    component: OwnersSection,
  })
  addCardSection({
    id: "start",
    column: side,
    order: 25,
    heading: { prefix: "start" },
    component: StartSection,
  })
  addCardSection({
    id: "deadline",
    column: side,
    order: 30,
    heading: { prefix: "deadline" },
    component: DeadlineSection,
  })
  addCardSection({
    id: "labels",
    column: side,
    order: 40,
    heading: { prefix: "labels" },
    component: LabelsSection,
  })
  addCardSection({
    id: "actions",
    column: side,
    order: 90,
    heading: { label: "Card actions" },
    component: ActionsSection,
  })
}
