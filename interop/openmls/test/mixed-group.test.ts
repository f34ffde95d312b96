/**
 * One MLS group of mlskit members on two crypto providers and OpenMLS
 * (core-crypto's WASM build): adds and joins both ways, messages in every
 * direction, removes by both sides, agreement on the exporter after every
 * commit, and a tampered OpenMLS message refused by core without a trace.
 * No service is needed: nothing here skips.
 */
import {
  builtinCryptoProvider,
  CryptoError,
  type CryptoProvider,
  generateStateKey,
  InMemoryStore,
  type LocalGroupId,
  MlsClient,
  MlskitError,
} from "@mlskit/core"
import { nodeCryptoProvider } from "@mlskit/crypto-node"
import { describe, expect, it } from "vitest"
import { clientIdName, OPENMLS_EXPORTER_LABEL, OpenMlsMember } from "../src/index.js"

const text = new TextEncoder()
const EMPTY = new Uint8Array()

/** One member as the test sees it, whatever implements it. */
interface Member {
  label: string
  identity: Uint8Array
  send(plaintext: Uint8Array): Promise<Uint8Array>
  /** Process a message; the plaintext of an application message, else undefined. */
  receive(message: Uint8Array): Promise<Uint8Array | undefined>
  epoch(): Promise<number>
  exported(): Promise<Uint8Array>
}

/** An mlskit member: its own MlsClient on `provider`, named by a client id core-crypto accepts. */
async function coreMember(label: string, provider: CryptoProvider) {
  const client = new MlsClient({
    store: new InMemoryStore(),
    stateKey: generateStateKey(),
    cryptoProvider: provider,
  })
  const identity = await client.createIdentity(clientIdName())
  let groupId: LocalGroupId | undefined
  const group = () => {
    if (!groupId) throw new Error(`${label} is not in the group`)
    return groupId
  }
  const member = {
    label,
    client,
    identityId: identity.id,
    identity: text.encode(identity.name),
    set group(id: LocalGroupId) {
      groupId = id
    },
    get group(): LocalGroupId {
      return group()
    },
    send: (plaintext: Uint8Array) => client.sendMessage(group(), plaintext),
    receive: async (message: Uint8Array) => {
      const out = await client.processMessage(group(), message)
      return out.kind === "application" ? out.plaintext : undefined
    },
    epoch: () => client.peekEpoch(group()),
    exported: () => client.exportSecret(group(), OPENMLS_EXPORTER_LABEL, EMPTY, 32),
    keyPackage: async () => {
      const [kp] = await client.generateKeyPackages(identity.id, 1)
      if (!kp) throw new Error("no key package")
      return kp
    },
  }
  return member
}

/** The OpenMLS member in the test's shape. */
function openMember(om: OpenMlsMember, groupId: Uint8Array): Member {
  return {
    label: "openmls",
    identity: om.identity,
    send: (plaintext) => om.encrypt(groupId, plaintext),
    receive: async (message) => {
      const out = await om.decrypt(groupId, message)
      return out.kind === "application" ? out.plaintext : undefined
    },
    epoch: () => om.epoch(groupId),
    exported: () => om.exportSecret(groupId, 32),
  }
}

/** Every member is at the same epoch with the same exporter secret; returns both. */
async function expectAgreement(members: Member[]): Promise<{ epoch: number; secret: string }> {
  const seen = await Promise.all(
    members.map(async (m) => ({
      label: m.label,
      epoch: await m.epoch(),
      secret: Buffer.from(await m.exported()).toString("hex"),
    })),
  )
  const first = seen[0]
  if (!first) throw new Error("no members")
  for (const s of seen) expect({ ...s, label: first.label }).toEqual(first)
  return { epoch: first.epoch, secret: first.secret }
}

/** Each member sends one message; every other member decrypts it to the same plaintext. */
async function expectMessagesEveryWay(members: Member[]): Promise<void> {
  for (const sender of members) {
    const plaintext = text.encode(`from ${sender.label} at epoch ${await sender.epoch()}`)
    const message = await sender.send(plaintext)
    for (const receiver of members) {
      if (receiver === sender) continue
      expect(await receiver.receive(message), `${sender.label} -> ${receiver.label}`).toEqual(
        plaintext,
      )
    }
  }
}

describe("a group of mlskit (default and crypto-node providers) and OpenMLS members", () => {
  it("adds, joins, messages, removes both ways and agrees after every commit", async () => {
    const alice = await coreMember("alice (default)", builtinCryptoProvider("default"))
    const bob = await coreMember("bob (crypto-node)", nodeCryptoProvider)
    const carol = await coreMember("carol (crypto-node)", nodeCryptoProvider)
    const dave = await coreMember("dave (default)", builtinCryptoProvider("default"))
    const olivia = await OpenMlsMember.create("olivia")
    const mlsGroupId = text.encode("mixed-group-1")

    alice.group = await alice.client.createGroup(alice.identityId, "mixed", { mlsGroupId })
    const withBob = await alice.client.addMembers(alice.group, [await bob.keyPackage()])
    bob.group = await bob.client.joinGroup(bob.identityId, withBob.welcome)
    expect(await expectAgreement([alice, bob])).toMatchObject({ epoch: 1 })

    // A core member adds OpenMLS by its key package; OpenMLS joins from the Welcome.
    const [oliviaKp] = await olivia.keyPackages(1)
    const withOlivia = await alice.client.addMembers(alice.group, [oliviaKp!])
    await bob.receive(withOlivia.commit)
    expect(await olivia.join(withOlivia.welcome)).toEqual(mlsGroupId)
    const open = openMember(olivia, mlsGroupId)
    expect(await expectAgreement([alice, bob, open])).toMatchObject({ epoch: 2 })
    await expectMessagesEveryWay([alice, bob, open])

    // OpenMLS commits the add of a core member, who joins; the others process it.
    const withCarol = await olivia.addMembers(mlsGroupId, [await carol.keyPackage()])
    await alice.receive(withCarol.commit)
    await bob.receive(withCarol.commit)
    carol.group = await carol.client.joinGroup(carol.identityId, withCarol.welcome)
    expect(await expectAgreement([alice, bob, open, carol])).toMatchObject({ epoch: 3 })
    await expectMessagesEveryWay([alice, bob, open, carol])

    // A second core add (dave) by crypto-node bob, so each side has someone to remove.
    const withDave = await bob.client.addMembers(bob.group, [await dave.keyPackage()])
    for (const m of [alice, carol]) await m.receive(withDave.commit)
    await olivia.decrypt(mlsGroupId, withDave.commit)
    dave.group = await dave.client.joinGroup(dave.identityId, withDave.welcome)
    expect(await expectAgreement([alice, bob, open, carol, dave])).toMatchObject({ epoch: 4 })

    // A core member removes a member (by leaf index); all process it, the removed one too.
    const carolLeaf = (await alice.client.members(alice.group)).find(
      (m) => m.identity === new TextDecoder().decode(carol.identity),
    )?.leafIndex
    expect(carolLeaf).toBeDefined()
    const removeCarol = await alice.client.removeMembers(alice.group, [carolLeaf!])
    for (const m of [bob, dave]) await m.receive(removeCarol)
    expect(await olivia.decrypt(mlsGroupId, removeCarol)).toEqual({ kind: "commit", active: true })
    const carolSees = await carol.client.processMessage(carol.group, removeCarol)
    expect(carolSees).toMatchObject({ kind: "removed" })
    expect(await expectAgreement([alice, bob, open, dave])).toMatchObject({ epoch: 5 })
    await expectMessagesEveryWay([alice, bob, open, dave])

    // OpenMLS removes a core member (by client id); all process it, the removed one too.
    const removeDave = await olivia.removeMembers(mlsGroupId, [dave.identity])
    for (const m of [alice, bob]) await m.receive(removeDave)
    const daveSees = await dave.client.processMessage(dave.group, removeDave)
    expect(daveSees).toMatchObject({ kind: "removed" })
    expect(await expectAgreement([alice, bob, open])).toMatchObject({ epoch: 6 })
    await expectMessagesEveryWay([alice, bob, open])

    // A core member removes OpenMLS; core-crypto reports itself inactive.
    const openLeaf = (await bob.client.members(bob.group)).find(
      (m) => m.identity === new TextDecoder().decode(olivia.identity),
    )?.leafIndex
    const removeOlivia = await bob.client.removeMembers(bob.group, [openLeaf!])
    await alice.receive(removeOlivia)
    expect(await olivia.decrypt(mlsGroupId, removeOlivia)).toEqual({
      kind: "commit",
      active: false,
    })
    expect(await expectAgreement([alice, bob])).toMatchObject({ epoch: 7 })
  })

  it("refuses a tampered OpenMLS message with a typed error and keeps its state", async () => {
    const alice = await coreMember("alice (crypto-node)", nodeCryptoProvider)
    const olivia = await OpenMlsMember.create("olivia")
    const mlsGroupId = text.encode("mixed-group-2")
    alice.group = await alice.client.createGroup(alice.identityId, "tamper", { mlsGroupId })
    const [kp] = await olivia.keyPackages(1)
    const added = await alice.client.addMembers(alice.group, [kp!])
    await olivia.join(added.welcome)
    const open = openMember(olivia, mlsGroupId)
    const before = await expectAgreement([alice, open])

    const genuine = await olivia.encrypt(mlsGroupId, text.encode("first"))
    for (const position of [genuine.length - 1, Math.floor(genuine.length / 2)]) {
      const tampered = genuine.slice()
      tampered[position] = (tampered[position] ?? 0) ^ 0x01
      const refused = await alice.receive(tampered).then(
        () => undefined,
        (err: unknown) => err,
      )
      expect(MlskitError.isInstance(refused), String(refused)).toBe(true)
      expect(refused).toBeInstanceOf(CryptoError)
      expect((refused as CryptoError).code).toBe("CRYPTO_ERROR")
      expect(await expectAgreement([alice, open])).toEqual(before)
    }
    expect(await alice.receive(genuine)).toEqual(text.encode("first"))
    const later = await olivia.encrypt(mlsGroupId, text.encode("second"))
    expect(await alice.receive(later)).toEqual(text.encode("second"))
    expect(await expectAgreement([alice, open])).toEqual(before)
  })
})
