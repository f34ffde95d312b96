import { describe, expect, it } from "vitest"
import { DEFAULT_MLS_CONFIG, loadMlsConfig, resolveMlsConfig } from "../src/index.js"

describe("MLS config", () => {
  it("loads the seed's [mls] table", () => {
    const config = loadMlsConfig(`
[mls]
ciphersuite = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"
protocol_version = "1"
`)
    expect(config).toEqual(DEFAULT_MLS_CONFIG)
  })

  it("applies every documented key", () => {
    const config = loadMlsConfig(`
[mls]
ciphersuite = "MLS_256_DHKEMP384_AES256GCM_SHA384_P384"
commit_wire_format = "private"
ratchet_tree_extension = false
retain_epochs = 2
max_forward_ratchet_steps = 50
[server]
port = 8080
`)
    expect(config).toMatchObject({
      ciphersuite: "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
      commitWireFormat: "private",
      ratchetTreeExtension: false,
      retainEpochs: 2,
      maxForwardRatchetSteps: 50,
    })
  })

  it("rejects an unknown ciphersuite naming the key", () => {
    expect(() => loadMlsConfig(`[mls]\nciphersuite = "MLS_999_NOPE"`)).toThrow(
      /mls\.ciphersuite: unknown ciphersuite "MLS_999_NOPE"/,
    )
  })

  it("rejects protocol versions other than 1 naming the key", () => {
    expect(() => loadMlsConfig(`[mls]\nprotocol_version = "2"`)).toThrow(/mls\.protocol_version/)
  })

  it("rejects unknown keys naming the key", () => {
    expect(() => loadMlsConfig(`[mls]\nciphersuit = "x"`)).toThrow(/mls\.ciphersuit: unknown key/)
    expect(() => resolveMlsConfig({ colour: "blue" } as never)).toThrow(/colour: unknown key/)
  })

  it("rejects wrong types and out-of-range values naming the key", () => {
    expect(() => loadMlsConfig(`[mls]\nratchet_tree_extension = "yes"`)).toThrow(
      /mls\.ratchet_tree_extension/,
    )
    expect(() => loadMlsConfig(`[mls]\nretain_epochs = -1`)).toThrow(/mls\.retain_epochs/)
    expect(() => loadMlsConfig(`mls = 3`)).toThrow(/mls: must be a table/)
  })

  it("reports invalid TOML as a config error with code CONFIG_ERROR", () => {
    expect(() => loadMlsConfig(`[mls`)).toThrow(
      expect.objectContaining({ code: "CONFIG_ERROR", key: "toml" }),
    )
  })
})
