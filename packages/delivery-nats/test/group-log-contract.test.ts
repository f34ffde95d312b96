/** JetStreamGroupLog keeps the GroupLog contract of @mlskit/delivery, in a throwaway stream per log. */
import { runGroupLogContract } from "@mlskit/delivery/testing/contract"
import { openJetStreamGroupLog } from "../src/index.js"
import { deleteStream, describeWithNats, NATS_URL, randomStream } from "./nats-service.js"

describeWithNats("NATS JetStream", () => {
  runGroupLogContract("JetStreamGroupLog", async (options) => {
    const names = randomStream()
    const log = await openJetStreamGroupLog({ servers: NATS_URL, ...names, ...options })
    return {
      log,
      cleanup: async () => {
        await log.close()
        await deleteStream(names.stream)
      },
    }
  })
})
