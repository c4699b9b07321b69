/**
 * The automerge-repo WebSocket protocol version Baton's client asks for and its relay selects
 * (the one automerge-repo's own WebSocket adapters speak).
 */
export const PROTOCOL_V1 = "1"
