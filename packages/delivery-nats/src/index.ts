/**
 * @mlskit/delivery-nats: the group log of `@mlskit/delivery` on NATS
 * JetStream, for Delivery Service instances that share one nats-server
 * (2.9 or later) instead of one database.
 */
export {
  AppendAppliers,
  type AppendedEntry,
  type AppliersOptions,
  type AppliersState,
} from "./append-appliers.js"
export { JetStreamGroupLog, type JetStreamGroupLogParts } from "./jetstream-group-log.js"
export { DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX } from "./names.js"
export {
  checkServerVersion,
  type JetStreamGroupLogOptions,
  MIN_SERVER_VERSION,
  openJetStreamGroupLog,
} from "./open.js"
