/**
 * `[delivery] driver = "nats"`: the group logs on a NATS JetStream stream
 * (`@mlskit/delivery-nats`, an optional package), the inboxes and the
 * key-package directory in the configured store (PostgreSQL when several
 * instances share them). Each appended entry carries the appender's trace
 * context in its headers, and is applied for the group's hosted members by
 * one instance of the deployment (the shared appliers), which another
 * instance replaces after `apply_ack_wait_ms` when it dies.
 */
import type { MlsStore } from "@mlskit/core"
import type { RetentionPolicy } from "@mlskit/delivery"
import { injectTraceContext } from "@mlskit/tracing"
import { type DeliveryBackend, deliveryBackendFor } from "./delivery-backend.js"
import { loadOptionalPackage } from "./optional-package.js"
import type { ServiceConfig } from "./service-config.js"

/** Open the JetStream group log of `[delivery]` beside the store's delivery tables. */
export async function openNatsBackend(
  delivery: ServiceConfig["delivery"],
  store: MlsStore,
  retention: RetentionPolicy,
): Promise<DeliveryBackend> {
  const nats = await loadOptionalPackage<typeof import("@mlskit/delivery-nats")>(
    "@mlskit/delivery-nats",
    'delivery.driver = "nats"',
  )
  // The store's own log stays unused: only its inbox and directory tables serve.
  const { deliveryStore } = deliveryBackendFor(store)
  const log = await nats.openJetStreamGroupLog({
    servers: delivery.natsUrl.split(",").map((url) => url.trim()),
    stream: delivery.natsStream,
    subjectPrefix: delivery.natsSubjectPrefix,
    replicas: delivery.natsReplicas,
    retention,
    contextHeaders: () => injectTraceContext<Record<string, string>>({}),
  })
  return {
    log,
    deliveryStore,
    driver: "nats",
    startAppliers: (apply, onError) =>
      log.appliers({ ackWaitMs: delivery.applyAckWaitMs, apply, onError }),
    ping: () => log.ping(),
    close: () => log.close(),
  }
}
