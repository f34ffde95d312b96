/**
 * Where the remaining time goes: a short encrypt/decrypt loop (1 KiB, two
 * members, crypto-node, in-memory store, through MlsClient) under the V8
 * sampling profiler, self time aggregated per function, top 5 printed.
 */
import { randomBytes } from "node:crypto"
import { generateStateKey, InMemoryStore, MlsClient } from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import type { Benchmark } from "../lib/benchmark.js"
import { profileSelfTime } from "../lib/cpu-profile.js"
import { fmtMs } from "../lib/format.js"
import { GroupFixture } from "../lib/group-fixture.js"
import { pick } from "../lib/options.js"

export const profileBenchmark: Benchmark = {
  name: "profile",
  description:
    "CPU profile of a crypto-node encrypt/decrypt loop through MlsClient (self time per function)",
  async run(options, log) {
    const pairs = pick(options, 4000, 50)
    const client = new MlsClient({
      store: new InMemoryStore(),
      stateKey: generateStateKey(),
      cryptoProvider: nodeCryptoProvider,
    })
    const fx = await GroupFixture.create(client, "profile")
    const plaintext = new Uint8Array(randomBytes(1024))
    const loop = async (n: number) => {
      for (let i = 0; i < n; i++)
        await client.processMessage(fx.member, await client.sendMessage(fx.owner, plaintext))
    }
    await loop(Math.min(200, pairs))
    log(`profiling ${pairs} send+process pairs`)
    const start = performance.now()
    const { functions, totalMs } = await profileSelfTime(() => loop(pairs))
    const wallMs = performance.now() - start
    const top = functions.slice(0, 5)
    return {
      tables: [
        {
          title: `top 5 functions by self time (${pairs} send+process pairs, ${fmtMs(wallMs)} wall, ${fmtMs(wallMs / pairs)} per pair under the profiler)`,
          columns: ["#", "function", "location", "self", "share"],
          rows: top.map((f, i) => [
            String(i + 1),
            f.function,
            f.location,
            fmtMs(f.selfMs),
            `${(f.share * 100).toFixed(1)}%`,
          ]),
        },
      ],
      rows: functions.slice(0, 25).map((f, i) => ({ rank: i + 1, ...f })),
      goals: [],
      notes: [
        `Sampled every 100 µs; ${fmtMs(totalMs)} of non-idle samples. Native work (OpenSSL, SHA, AES) counts as self time of the JS function that called into it; "(program)" is V8/native time outside JS frames; "(garbage collector)" is GC.`,
      ],
    }
  },
}
