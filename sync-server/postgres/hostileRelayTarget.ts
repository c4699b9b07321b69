/**
 * Which storage the hostile-frame tests (../hostile.test.ts) run their relay on: files by
 * default; hostile.test.ts imported from hostilePostgres.test.ts sets a database here first.
 */
import type { RelayOptions } from "../createRelay"

export const hostileRelayTarget: Pick<RelayOptions, "databaseUrl"> = {}
