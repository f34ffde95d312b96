/**
 * Internals for mlskit's own benchmarks, which import this file from source
 * (bench's `#core-internal` alias). Not built, not exported, not published.
 */
export { clientConfigFor, decodeState, encodeState } from "./mls-adapter.js"
