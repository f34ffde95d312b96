/**
 * The NATS server of the test run: where it is, whether it answers with
 * JetStream, and throwaway streams. Without a server the suites are skipped
 * with a printed reason, unless MLSKIT_REQUIRE_SERVICES=1 makes them fail
 * instead.
 */
import { randomBytes } from "node:crypto"
import { jetstreamManager } from "@nats-io/jetstream"
import { connect } from "@nats-io/transport-node"
import { describe } from "vitest"

/** URL of the server under test: MLSKIT_NATS_URL, NATS_URL, or the local server. */
export const NATS_URL =
  process.env.MLSKIT_NATS_URL ?? process.env.NATS_URL ?? "nats://127.0.0.1:4222"

/** True when a missing service must fail the run rather than skip it. */
export const SERVICES_REQUIRED = process.env.MLSKIT_REQUIRE_SERVICES === "1"

/** Why the server cannot be used, or undefined when it answers with JetStream. */
async function natsUnreachable(): Promise<string | undefined> {
  try {
    const nc = await connect({ servers: NATS_URL, timeout: 5000, reconnect: false })
    try {
      await jetstreamManager(nc)
      return undefined
    } finally {
      await nc.close()
    }
  } catch (error) {
    return `NATS JetStream at ${NATS_URL} is unreachable (${String(error)})`
  }
}

const unreachable = await natsUnreachable()
if (unreachable !== undefined && !SERVICES_REQUIRED) {
  console.warn(`skipping NATS tests: ${unreachable}; set MLSKIT_REQUIRE_SERVICES=1 to fail instead`)
}

/** Whether the NATS suites run: the server answers, or it is required (and they fail). */
export const NATS_TESTS_RUN = unreachable === undefined || SERVICES_REQUIRED

/** `describe` when the NATS suites run, `describe.skip` otherwise (the reason is printed). */
export function describeWithNats(name: string, body: () => void): void {
  if (NATS_TESTS_RUN) describe(name, body)
  else describe.skip(name, body)
}

/** A stream name and subject prefix no other run uses. */
export function randomStream(): { stream: string; subjectPrefix: string } {
  const id = randomBytes(6).toString("hex")
  return { stream: `MLSKIT_TEST_${id}`, subjectPrefix: `mlskit-test.${id}` }
}

/** Deletes a stream created by a test (nothing if it is already gone). */
export async function deleteStream(stream: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL })
  try {
    const jsm = await jetstreamManager(nc)
    await jsm.streams.delete(stream).catch(() => undefined)
  } finally {
    await nc.close()
  }
}
