import { describe, expect, it } from "vitest"
import { assertCiphersuiteAvailable, SUPPORTED_CIPHERSUITES } from "../src/index.js"
import { makeClient, str, text } from "./helpers.js"

describe("ciphersuites", () => {
  it("lists all 19 suites ts-mls 1.6.4 supports", () => {
    expect(SUPPORTED_CIPHERSUITES).toHaveLength(19)
  })

  for (const suite of SUPPORTED_CIPHERSUITES) {
    it(`runs create, add, join and a message both ways on ${suite}`, async () => {
      const client = makeClient({ config: { ciphersuite: suite } })
      const a = await client.createIdentity("a")
      const b = await client.createIdentity("b")
      const ga = await client.createGroup(a.id, "g")
      const { welcome } = await client.addMembers(ga, await client.generateKeyPackages(b.id, 1))
      const gb = await client.joinGroup(b.id, welcome)
      const r1 = await client.processMessage(gb, await client.sendMessage(ga, text("ping")))
      const r2 = await client.processMessage(ga, await client.sendMessage(gb, text("pong")))
      expect([r1, r2].map((r) => (r.kind === "application" ? str(r.plaintext) : r.kind))).toEqual([
        "ping",
        "pong",
      ])
      expect((await client.group(ga)).ciphersuite).toBe(suite)
    })
  }

  it("names the missing optional package when a suite's dependency is absent", async () => {
    const missing = async (specifier: string) => {
      if (specifier.startsWith("@hpke/ml-kem")) throw new Error("Cannot find package")
      return {}
    }
    await expect(
      assertCiphersuiteAvailable("MLS_256_MLKEM768_AES256GCM_SHA384_Ed25519", missing),
    ).rejects.toMatchObject({
      code: "MISSING_DEPENDENCY",
      packageName: "@hpke/ml-kem",
      message: expect.stringContaining("npm install @hpke/ml-kem"),
    })
    const client = makeClient({
      importer: missing,
      config: { ciphersuite: "MLS_128_MLKEM512_AES128GCM_SHA256_Ed25519" },
    })
    await expect(client.createIdentity("a")).rejects.toMatchObject({ packageName: "@hpke/ml-kem" })
    await expect(
      assertCiphersuiteAvailable("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519", missing),
    ).resolves.toBeUndefined()
  })
})
