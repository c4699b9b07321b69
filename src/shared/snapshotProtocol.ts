/**
 * Baton's snapshot first load (docs/protocol.md, "Snapshot first load"): a device that has
 * nothing of a board asks the relay for the whole document as one saved snapshot instead of
 * receiving its history change by change through the sync protocol.
 */

/** Client → relay: `{ type, senderId, targetId, documentId }`. */
export const SNAPSHOT_REQUEST_TYPE = "baton-snapshot-request"
/**
 * Relay → client: `{ type, senderId, targetId, documentId, data? }`; `data` holds the
 * snapshot (`A.save` bytes), and is absent when the relay has no board it may give this peer.
 */
export const SNAPSHOT_TYPE = "baton-snapshot"
/** Field of the relay's `peer` frame saying it answers snapshot requests. */
export const SNAPSHOT_CAPABILITY = "batonSnapshots"
