/**
 * The process that crash-safety.test.ts kills with SIGKILL. It opens the
 * store, sends application messages as alice in a loop and, after each
 * `sendMessage` returns, appends one acknowledgement line to the log and
 * fsyncs it: { version, epoch, plaintext, ciphertext }. It never stops by
 * itself; it exits when the parent goes away (IPC disconnect).
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs"
import { setImmediate as yieldToEventLoop } from "node:timers/promises"
import { type LocalGroupId, MlsClient, toHex } from "@mlskit/core"
import { openSqliteStore } from "../src/index.js"

/** What the parent passes as the only argument (JSON). */
export interface CrashChildArgs {
  databasePath: string
  ackLogPath: string
  stateKey: string
  groupId: LocalGroupId
  /** Which start of the child this is; it goes into the plaintexts. */
  run: number
  /** The client's `reservedGenerations`. */
  reservedGenerations: number
}

/** One line of the acknowledgement log. */
export interface AckLine {
  version: number
  epoch: number
  plaintext: string
  ciphertext: string
}

const args = JSON.parse(process.argv[2] ?? "") as CrashChildArgs
process.on("disconnect", () => process.exit(1))

const store = await openSqliteStore({ path: args.databasePath })
const client = new MlsClient({
  store,
  stateKey: args.stateKey,
  reservedGenerations: args.reservedGenerations,
})
const acks = openSync(args.ackLogPath, "a")
try {
  for (let i = 0; ; i++) {
    const plaintext = `run ${args.run} message ${i}`
    const ciphertext = await client.sendMessage(args.groupId, new TextEncoder().encode(plaintext))
    const record = await store.getGroup(args.groupId)
    if (record === undefined) throw new Error("the group vanished after a send")
    const line: AckLine = {
      version: record.version,
      epoch: record.epoch,
      plaintext,
      ciphertext: toHex(ciphertext),
    }
    writeSync(acks, `${JSON.stringify(line)}\n`)
    fsyncSync(acks)
    if (i === 0) process.send?.("acknowledged")
    // Let the IPC channel run (and notice a vanished parent) between sends.
    await yieldToEventLoop()
  }
} finally {
  closeSync(acks)
  await store.close()
}
