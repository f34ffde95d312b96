/**
 * Copies patches/ts-mls@1.6.4.patch into THIRD_PARTY_NOTICES.md (its "The
 * patch" block), which ships in the package next to the bundled, patched
 * ts-mls. `.ci/packed/check-core-bundle.mjs` fails when the two differ:
 * run this after every change to the patch (`pnpm --filter @mlskit/core notices`).
 */
import { readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const notices = fileURLToPath(new URL("../THIRD_PARTY_NOTICES.md", import.meta.url))
const patch = readFileSync(new URL("../../../patches/ts-mls@1.6.4.patch", import.meta.url), "utf8")
const text = readFileSync(notices, "utf8")
const open = "### The patch (`patches/ts-mls@1.6.4.patch`)\n\n```diff\n"
const start = text.indexOf(open)
const end = text.lastIndexOf("```")
if (start === -1 || end < start + open.length) {
  throw new Error("THIRD_PARTY_NOTICES.md has no patch block to replace")
}
writeFileSync(
  notices,
  `${text.slice(0, start + open.length)}${patch.trimEnd()}\n${text.slice(end)}`,
)
console.log(`THIRD_PARTY_NOTICES.md now holds the patch (${patch.split("\n").length} lines)`)
