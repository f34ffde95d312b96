/**
 * Internals for mlskit's own benchmarks and tests (`@mlskit/core/internal`).
 * Not part of the public API: anything here may change in any release.
 */
export { clientConfigFor, decodeState, encodeState } from "./mls-adapter.js"
