/**
 * Crash safety: a process that sends messages from a group stored in SQLite
 * is killed with SIGKILL at random moments, again and again, and restarted
 * each time from the stored state. No acknowledged message may be lost and
 * no key may be used twice.
 *
 * The writer (test/crash-child.ts, bundled before the run) sends as alice in
 * a loop and, after each `sendMessage` returns, appends the ciphertext with
 * the group record's `version` and `epoch` (read back from the store) to an
 * acknowledgement log, fsynced. The parent waits until a new start has
 * acknowledged a message, kills it 20-300 ms later, and starts it again.
 * Bob, the receiver, lives in the same file but runs only in the parent,
 * after the last kill.
 *
 * It runs twice: with a write per message (reservedGenerations 1), and with
 * one write reserving 16 generations (reservedGenerations 16), where a
 * restart resumes past the reservation.
 *
 * Why this shows that no (epoch, generation) pair was used twice: bob
 * decrypts every acknowledged ciphertext in log order and reports each
 * one's (epoch, generation); they must strictly increase. If a write were
 * lost in a crash (or a reservation not honoured), the restarted writer
 * would reload an older state and encrypt again under a generation it had
 * already acknowledged: the pair would repeat, and ts-mls, which deletes a
 * generation's key once used, would fail to decrypt it ("Desired gen in the
 * past"). The plaintexts must be the ones the writer logged. With a write
 * per message the log's (epoch, version) pairs must strictly increase too.
 * Finally alice sends once more from the state left by the last kill (which
 * may hold sends that were persisted but never acknowledged) and bob
 * decrypts that too.
 *
 * A SIGKILL tests a process crash, not a power loss: what the kernel has
 * accepted survives. synchronous = FULL (see the README) covers the latter.
 */
import { type ChildProcess, fork } from "node:child_process"
import { randomInt } from "node:crypto"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { fileURLToPath } from "node:url"
import { generateStateKey, type LocalGroupId, MlsClient, MlskitError } from "@mlskit/core"
import Database from "better-sqlite3"
import { build } from "tsup"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openSqliteStore } from "../src/index.js"
import type { AckLine, CrashChildArgs } from "./crash-child.js"
import { freshDatabasePath } from "./temp-dir.js"

const KILLS = 25
const text = (s: string) => new TextEncoder().encode(s)

const packageDir = fileURLToPath(new URL("..", import.meta.url))
let childDir = ""
let childScript = ""

/**
 * Bundle the writer with this package's src (core and better-sqlite3 stay
 * external). The bundle lives under node_modules so they resolve from it.
 */
async function bundleChild(): Promise<void> {
  const cacheRoot = join(packageDir, "node_modules", ".cache")
  mkdirSync(cacheRoot, { recursive: true })
  childDir = mkdtempSync(join(cacheRoot, "mlskit-crash-child-"))
  await build({
    entry: { "crash-child": fileURLToPath(new URL("./crash-child.ts", import.meta.url)) },
    outDir: childDir,
    outExtension: () => ({ js: ".mjs" }),
    format: ["esm"],
    platform: "node",
    target: "node20",
    external: ["@mlskit/core", "better-sqlite3"],
    config: false,
    dts: false,
    silent: true,
  })
  childScript = join(childDir, "crash-child.mjs")
}

/** Start the writer, wait for its first acknowledgement, kill it 20-300 ms later. */
async function runUntilKilled(args: CrashChildArgs): Promise<void> {
  const child: ChildProcess = fork(childScript, [JSON.stringify(args)], {
    execArgv: [],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  })
  let stderr = ""
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk)
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  )
  const acknowledged = new Promise<"acknowledged">((resolve) =>
    child.once("message", () => resolve("acknowledged")),
  )
  const first = await Promise.race([acknowledged, exited])
  if (first !== "acknowledged") {
    throw new Error(`start ${args.run} exited (${first.code}) before acknowledging:\n${stderr}`)
  }
  await sleep(randomInt(20, 301))
  child.kill("SIGKILL")
  const { code, signal } = await exited
  if (signal !== "SIGKILL") {
    throw new Error(`start ${args.run} exited by itself (${code}) before the kill:\n${stderr}`)
  }
}

/**
 * A kill between two write() calls of one line leaves a partial last line:
 * that message was never acknowledged. Cut it off; returns whether there was one.
 */
function dropTornLine(path: string): boolean {
  const bytes = readFileSync(path)
  const end = bytes.lastIndexOf(0x0a) + 1
  if (end === bytes.length) return false
  truncateSync(path, end)
  return true
}

function readAcks(path: string): AckLine[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as AckLine)
}

function describeCrashSafety(reservedGenerations: number): void {
  const mode =
    reservedGenerations === 1
      ? "a write per message"
      : `one write per ${reservedGenerations} generations`
  describe(`a writer (${mode}) killed with SIGKILL at random moments while it sends messages`, () => {
    const databasePath = freshDatabasePath()
    const ackLogPath = join(dirname(databasePath), "acknowledged.jsonl")
    const stateKey = generateStateKey()
    let aliceGroup: LocalGroupId
    let bobGroup: LocalGroupId
    let setupVersion = 0
    let kills = 0
    let tornLines = 0

    beforeAll(async () => {
      if (!childScript) await bundleChild()
      const store = await openSqliteStore({ path: databasePath })
      const client = new MlsClient({ store, stateKey })
      const alice = await client.createIdentity("alice")
      const bob = await client.createIdentity("bob")
      aliceGroup = await client.createGroup(alice.id, "crash")
      const { welcome } = await client.addMembers(
        aliceGroup,
        await client.generateKeyPackages(bob.id, 1),
      )
      bobGroup = await client.joinGroup(bob.id, welcome)
      setupVersion = (await client.group(aliceGroup)).version
      await store.close()
      writeFileSync(ackLogPath, "")

      for (let run = 1; run <= KILLS; run++) {
        await runUntilKilled({
          databasePath,
          ackLogPath,
          stateKey,
          groupId: aliceGroup,
          run,
          reservedGenerations,
        })
        kills++
        if (dropTornLine(ackLogPath)) tornLines++
      }
    }, 300_000)

    it(`was killed ${KILLS} times, each time after a new start had acknowledged a message`, () => {
      expect(kills).toBe(KILLS)
      const runs = new Set(readAcks(ackLogPath).map((a) => a.plaintext.split(" ")[1]))
      expect(runs.size).toBe(KILLS)
    })

    it("leaves a database that passes SQLite's integrity check and opens as a store", async () => {
      const db = new Database(databasePath, { readonly: true })
      expect(db.pragma("integrity_check")).toStrictEqual([{ integrity_check: "ok" }])
      db.close()
      const store = await openSqliteStore({ path: databasePath })
      expect(store.diagnostics()).toMatchObject({ journalMode: "wal" })
      const minimumWrites = Math.ceil(readAcks(ackLogPath).length / reservedGenerations)
      expect((await store.getGroup(aliceGroup))?.version).toBeGreaterThanOrEqual(
        setupVersion + minimumWrites,
      )
      await store.close()
    })

    // With reservations a version covers many messages; the generations below are the check.
    if (reservedGenerations === 1) {
      it("acknowledged every message from a new state: (epoch, version) strictly increases", () => {
        const acks = readAcks(ackLogPath)
        expect(new Set(acks.map((a) => a.epoch))).toStrictEqual(new Set([1]))
        const notIncreasing = acks.findIndex(
          (a, i) => a.version <= (i === 0 ? setupVersion : (acks[i - 1]?.version ?? 0)),
        )
        expect(
          notIncreasing,
          `acknowledgement ${notIncreasing} repeats a version: ${JSON.stringify(acks.slice(notIncreasing - 1, notIncreasing + 1).map((a) => a.version))}`,
        ).toBe(-1)
      })
    }

    it("lets the receiver decrypt every acknowledged ciphertext in order, and a message sent after the last kill, at strictly increasing (epoch, generation)", async () => {
      const acks = readAcks(ackLogPath)
      const store = await openSqliteStore({ path: databasePath })
      const client = new MlsClient({ store, stateKey })
      try {
        const versionAfterCrashes = (await client.group(aliceGroup)).version
        const last = await client.sendMessage(aliceGroup, text("after the last kill"))
        expect((await client.group(aliceGroup)).version).toBe(versionAfterCrashes + 1)

        const received: string[] = []
        const keys: { epoch: number; generation: number }[] = []
        for (const ack of [...acks, { ciphertext: Buffer.from(last).toString("hex") }]) {
          try {
            const result = await client.processMessage(bobGroup, Buffer.from(ack.ciphertext, "hex"))
            if (result.kind === "application") {
              keys.push({ epoch: result.epoch, generation: result.generation })
              received.push(
                `${result.sender.identity}: ${new TextDecoder().decode(result.plaintext)}`,
              )
            } else received.push(result.kind)
          } catch (error) {
            received.push(
              MlskitError.isInstance(error) ? `${error.code}: ${error.message}` : String(error),
            )
          }
        }
        const expected = [...acks.map((a) => `alice: ${a.plaintext}`), "alice: after the last kill"]
        const firstWrong = expected.findIndex((line, i) => received[i] !== line)
        expect(
          firstWrong,
          `message ${firstWrong}: expected "${expected[firstWrong]}", got "${received[firstWrong]}"`,
        ).toBe(-1)
        expect(received).toHaveLength(expected.length)
        const notIncreasing = keys.findIndex((k, i) => {
          const prev = keys[i - 1]
          return (
            prev !== undefined &&
            (k.epoch < prev.epoch || (k.epoch === prev.epoch && k.generation <= prev.generation))
          )
        })
        expect(notIncreasing, `(epoch, generation) repeats at message ${notIncreasing}`).toBe(-1)

        const writes = versionAfterCrashes - setupVersion
        const lastKey = keys[keys.length - 1]
        console.info(
          `crash safety (${mode}): ${kills} kills, ${acks.length} acknowledged messages, ` +
            `${writes} state writes, last generation ${lastKey?.generation}, ${tornLines} torn log lines`,
        )
      } finally {
        await store.close()
      }
    })
  })
}

afterAll(() => {
  if (childDir) rmSync(childDir, { recursive: true, force: true })
})

describeCrashSafety(1)
describeCrashSafety(16)
