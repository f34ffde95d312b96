/** A ts-mls hash that counts its digests, for tests that bound how much a patched path hashes. */
import type { CiphersuiteImpl } from "ts-mls"

type Hash = CiphersuiteImpl["hash"]

/** A new hash object around `h` (so nothing remembered for `h` applies to it) and its digest count. */
export function counting(h: Hash): { hash: Hash; digests: () => number } {
  let n = 0
  return {
    hash: {
      ...h,
      digest: (data: Uint8Array) => {
        n++
        return h.digest(data)
      },
    },
    digests: () => n,
  }
}
