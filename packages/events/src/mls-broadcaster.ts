/**
 * A broadcaster preset for MLS events. Use it in a service to publish the
 * MLS event stream and in its consumers (SSE, webhooks, audit logs) to read it.
 */
import { type BroadcasterOptions, EventBroadcaster } from "./broadcaster.js"
import type { MlsEventMap } from "./mls-events.js"

/** A broadcaster of MLS events. */
export type MlsEventBroadcaster = EventBroadcaster<MlsEventMap>

/** Create a broadcaster for `MlsEventMap`. */
export function createMlsEventBroadcaster(options: BroadcasterOptions = {}): MlsEventBroadcaster {
  return new EventBroadcaster<MlsEventMap>(options)
}
