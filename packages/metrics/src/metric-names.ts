/**
 * The exact Prometheus names of every mlskit metric. Counters carry the
 * conventional `_total` suffix in their registered name, so the series a
 * user queries is the same in the Prometheus text and OpenMetrics formats.
 */
import type { OperationName } from "@mlskit/core"

/** Operations that have their own unlabelled duration histogram. */
export const TIMED_OPERATIONS = [
  "create_group",
  "join_group",
  "send_message",
  "process_message",
  "add_members",
  "remove_members",
] as const satisfies readonly OperationName[]

/** One of the operations with a dedicated duration histogram. */
export type TimedOperation = (typeof TIMED_OPERATIONS)[number]

/** Metric names (without a user prefix), keyed by what they measure. */
export const METRIC_NAMES = {
  createGroupDuration: "mls_create_group_duration_ms",
  joinGroupDuration: "mls_join_group_duration_ms",
  sendMessageDuration: "mls_send_message_duration_ms",
  processMessageDuration: "mls_process_message_duration_ms",
  addMembersDuration: "mls_add_members_duration_ms",
  removeMembersDuration: "mls_remove_members_duration_ms",
  operationDuration: "mls_operation_duration_ms",
  messagesEncrypted: "mls_messages_encrypted_total",
  messagesDecrypted: "mls_messages_decrypted_total",
  proposalsReceived: "mls_proposals_received_total",
  commitsReceived: "mls_commits_received_total",
  membersAdded: "mls_members_added_total",
  membersRemoved: "mls_members_removed_total",
  groupsCreated: "mls_groups_created_total",
  operationErrors: "mls_operation_errors_total",
  stateUnreadable: "mls_state_unreadable_total",
  activeGroups: "mls_active_groups",
  healthStatus: "mls_service_health_status",
} as const

/** Histogram buckets in milliseconds, resolving 0.1 ms to 10 s. */
export const DEFAULT_DURATION_BUCKETS_MS: readonly number[] = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
]
