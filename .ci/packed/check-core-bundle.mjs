/**
 * Run inside a scratch project where @mlskit/core and @mlskit/crypto-node
 * were installed from their packed tarballs with npm: checks that the
 * installed core runs the code its tests ran, i.e. the workspace's patched
 * ts-mls bundled into core's dist, not the upstream ts-mls npm installed:
 *   - no file of core's dist imports or requires the ts-mls package;
 *   - every line of code that patches/ts-mls@1.6.4.patch adds is in the dist
 *     (esbuild reprints code: comments, `undefined` and `export` aside);
 *   - THIRD_PARTY_NOTICES.md ships ts-mls's licence and the patch itself;
 *   - core works end to end (identities, group, adds, joins whose parent-hash
 *     verification runs the patched code, messages both ways, a tampered
 *     message refused as a CryptoError) with ts-mls's default provider and
 *     with @mlskit/crypto-node (whose errors come from the upstream ts-mls).
 * Usage (copied into the project): node check-core-bundle.mjs <repo root>
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const [root] = process.argv.slice(2)
const failures = []
const fail = (message) => failures.push(message)
const core = join(process.cwd(), "node_modules", "@mlskit", "core")

/** Every .js file under `dir`, recursively. */
function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return jsFiles(path)
    return entry.name.endsWith(".js") ? [path] : []
  })
}

const files = jsFiles(join(core, "dist"))
const runtimeImport =
  /\bfrom\s*["']ts-mls[/"']|\bimport\s*\(\s*["']ts-mls[/"']|\brequire\s*\(\s*["']ts-mls[/"']/
for (const file of files) {
  if (runtimeImport.test(readFileSync(file, "utf8")))
    fail(`${file.slice(core.length + 1)} imports the ts-mls package at runtime`)
}

/**
 * Code as esbuild prints it, compared on: no comments, `void 0`, `var` for
 * `const` and `let` (scope hoisting), decimal for hex literals, no numeric
 * suffix on identifiers (esbuild renames clashing names `x` to `x2`), no
 * `key: key` (shorthand), one space.
 */
const normalize = (code) =>
  code
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/\bundefined\b/g, "void 0")
    .replace(/^\s*export\s+/gm, "")
    .replace(/\b(?:const|let)\s/g, "var ")
    .replace(/\b0x[0-9a-f]+\b/gi, (hex) => String(Number.parseInt(hex, 16)))
    .replace(/\b([A-Za-z_$][\w$]*?[A-Za-z_$])\d+\b/g, "$1")
    .replace(/\b([A-Za-z_$][\w$]*): \1\b/g, "$1")
    .replace(/\s+/g, " ")
    .trim()
/** A line the patch adds, as code to look for: no comment line, no import, no trailing comma or comment. */
const addedCode = (line) =>
  /^\s*(?:\/\/|\/\*|\*|import\s)/.test(line)
    ? ""
    : normalize(line.replace(/\s\/\/\s.*$/, "")).replace(/,$/, "")
const bundle = normalize(files.map((file) => readFileSync(file, "utf8")).join("\n"))
const patch = readFileSync(join(root, "patches", "ts-mls@1.6.4.patch"), "utf8")
const added = patch
  .split("\n")
  .filter((line) => line.startsWith("+") && !line.startsWith("+++"))
  .map((line) => addedCode(line.slice(1)))
  .filter((line) => line !== "")
const missing = added.filter((line) => !bundle.includes(line))
if (added.length < 20) fail(`only ${added.length} added code lines read from the patch`)
for (const line of missing) fail(`core's dist lacks the patch's line: ${line}`)

const notices = readFileSync(join(core, "THIRD_PARTY_NOTICES.md"), "utf8")
const tsMlsLicense = readFileSync(join(process.cwd(), "node_modules", "ts-mls", "LICENSE"), "utf8")
if (!notices.includes("ts-mls 1.6.4")) fail("THIRD_PARTY_NOTICES.md does not name ts-mls 1.6.4")
if (!notices.includes(tsMlsLicense.trim())) fail("THIRD_PARTY_NOTICES.md lacks ts-mls's LICENSE")
if (!notices.includes(patch.trim())) fail("THIRD_PARTY_NOTICES.md lacks patches/ts-mls@1.6.4.patch")

const { generateStateKey, InMemoryStore, MlsClient } = await import("@mlskit/core")
const { createNodeCryptoProvider } = await import("@mlskit/crypto-node")
const text = new TextEncoder()

/** Identities, a group, adds and joins, messages both ways, a tampered one refused. */
async function endToEnd(providerName, cryptoProvider) {
  const client = new MlsClient({
    store: new InMemoryStore(),
    stateKey: generateStateKey(),
    ...(cryptoProvider ? { cryptoProvider } : {}),
  })
  const [alice, ...others] = await Promise.all(
    ["alice", "bob", "carol", "dave", "erin", "frank"].map((name) => client.createIdentity(name)),
  )
  const aliceGroup = await client.createGroup(alice.id, "team")
  // Four members at once, then a commit with a path from one of them, then a
  // fifth: the last joiner verifies parent hashes over several chains.
  const firstFour = others.slice(0, 4)
  const keyPackages = await Promise.all(firstFour.map((m) => client.generateKeyPackages(m.id, 1)))
  const { welcome } = await client.addMembers(aliceGroup, keyPackages.flat())
  const groups = await Promise.all(firstFour.map((m) => client.joinGroup(m.id, welcome)))
  const commit = await client.selfUpdate(groups[0])
  await client.processMessage(aliceGroup, commit)
  for (const group of groups.slice(1)) await client.processMessage(group, commit)
  const last = others[4]
  const added = await client.addMembers(aliceGroup, await client.generateKeyPackages(last.id, 1))
  for (const group of groups) await client.processMessage(group, added.commit)
  const lastGroup = await client.joinGroup(last.id, added.welcome)

  const fromLast = await client.sendMessage(lastGroup, text.encode("hello from frank"))
  const received = await client.processMessage(aliceGroup, fromLast)
  if (
    received.kind !== "application" ||
    new TextDecoder().decode(received.plaintext) !== "hello from frank"
  )
    fail(`${providerName}: alice did not read frank's message (${received.kind})`)
  const fromAlice = await client.sendMessage(aliceGroup, text.encode("hi all"))
  for (const group of [...groups, lastGroup]) {
    const got = await client.processMessage(group, fromAlice)
    if (got.kind !== "application") fail(`${providerName}: a member read ${got.kind}`)
  }
  if ((await client.members(aliceGroup)).length !== 6)
    fail(`${providerName}: the group does not have 6 members`)

  const tampered = await client.sendMessage(aliceGroup, text.encode("tamper with me"))
  tampered[tampered.length - 1] ^= 1
  let refusal = "accepted"
  try {
    await client.processMessage(lastGroup, tampered)
    fail(`${providerName}: a tampered message was accepted`)
  } catch (error) {
    refusal = error?.code
    // crypto-node throws the upstream ts-mls's CryptoError through the
    // bundled copy: core maps it by name, not class identity.
    if (error?.code !== "CRYPTO_ERROR")
      fail(`${providerName}: a tampered message failed with ${error?.code}: ${error?.message}`)
  }
  console.log(
    `@mlskit/core with ${providerName}: 6 members joined, messages read, a tampered one refused (${refusal})`,
  )
}

await endToEnd("default", undefined)
await endToEnd("@mlskit/crypto-node", createNodeCryptoProvider())

if (failures.length > 0) {
  console.error(failures.map((f) => `FAIL ${f}`).join("\n"))
  process.exit(1)
}
console.log(
  `@mlskit/core runs its bundled, patched ts-mls: no runtime import of ts-mls in ${files.length} dist files, all ${added.length} code lines the patch adds present, ts-mls's licence and the patch in THIRD_PARTY_NOTICES.md`,
)
