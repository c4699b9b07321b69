/**
 * Mounts the time-zone, catch-up and reply features in the app's extension points. Call
 * once before `render` in `src/main.tsx`: `registerTimeFeatures()`.
 */
import {
  addBoardToolbarItem,
  addCardBadge,
  addCardDeadlineDetail,
  addCardDialogSection,
  addHomeSection,
} from "../extensions"
import { setDefaultDateLocale } from "../../model/time"
import { ActivityButton } from "./ActivityPanel"
import { CalendarButton } from "./CalendarView"
import { CardDeadlineTimes } from "./CardDeadlineTimes"
import { CardTimeSection } from "./CardTimeSection"
import { CatchUpButton } from "./CatchUpPanel"
import { CardTimeBadges } from "./DeadlineBadge"
import { HistoryIndexer } from "./historyIndex"
import { MyWork } from "./MyWork"
import { NotificationButton } from "./NotificationCentre"
import { PriorityFilter } from "./Priority"
import { TeamClockButton } from "./TeamClock"

let done = false

export function registerTimeFeatures(): void {
  if (done) return
  done = true
  // Dates, times, weekday names and the first day of the week follow the browser's locale.
  if (typeof navigator !== "undefined") setDefaultDateLocale(navigator.language)
  addBoardToolbarItem(HistoryIndexer, { placement: "status" })
  addBoardToolbarItem(CatchUpButton)
  addBoardToolbarItem(NotificationButton)
  addBoardToolbarItem(TeamClockButton, { placement: "menu" })
  addBoardToolbarItem(CalendarButton, { placement: "menu" })
  addBoardToolbarItem(ActivityButton, { placement: "menu" })
  addBoardToolbarItem(PriorityFilter)
  addCardBadge(CardTimeBadges, { replacesDeadline: true })
  addCardDeadlineDetail(CardDeadlineTimes)
  addCardDialogSection(CardTimeSection)
  addHomeSection(MyWork)
}
