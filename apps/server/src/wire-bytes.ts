/** Byte fields of the API: base64url text without padding, decoded strictly. */
import { fromBase64Url, InvalidInputError, toBase64Url } from "@mlskit/core"

/** Decode the base64url field `field`; InvalidInputError when it is not canonical base64url. */
export function decodeBytes(field: string, text: string): Uint8Array {
  const bytes = fromBase64Url(text)
  if (bytes === undefined) throw new InvalidInputError(`${field} is not base64url without padding`)
  return bytes
}

/** Encode bytes for a response. */
export const encodeBytes = (bytes: Uint8Array): string => toBase64Url(bytes)
