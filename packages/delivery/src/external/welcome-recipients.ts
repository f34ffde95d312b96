/**
 * Whom a Welcome is for, without keys: each EncryptedGroupSecrets names its
 * recipient by KeyPackageRef (RFC 9420 section 12.4.3.1), in clear. The
 * Delivery Service matches these refs to the key packages it handed out
 * (core's KeyPackageRecord.ref, lower-case hex) to route the Welcome.
 */
import { InvalidInputError, InvalidMessageError, toHex } from "@mlskit/core"
import { ciphersuites, decodeMlsMessage, type MLSMessage } from "ts-mls"

/** The recipients of a Welcome: its ciphersuite id and KeyPackageRefs. */
export interface WelcomeRecipients {
  suite: number
  /** KeyPackageRefs, lower-case hex, in the Welcome's order. */
  refs: string[]
}

/** The KeyPackageRefs (lower-case hex) a Welcome MLSMessage is addressed to, and its ciphersuite id. */
export function welcomeRecipients(welcome: Uint8Array): WelcomeRecipients {
  if (!(welcome instanceof Uint8Array)) throw new InvalidInputError("welcome must be a Uint8Array")
  const message = decodeWhole(welcome)
  if (message.wireformat !== "mls_welcome") {
    throw new InvalidMessageError("expected a Welcome MLSMessage")
  }
  const suite = ciphersuites[message.welcome.cipherSuite] as number | undefined
  if (suite === undefined) throw new InvalidMessageError("the Welcome's ciphersuite is unknown")
  return { suite, refs: message.welcome.secrets.map((secret) => toHex(secret.newMember)) }
}

function decodeWhole(bytes: Uint8Array): MLSMessage {
  let decoded: [MLSMessage, number] | undefined
  try {
    decoded = decodeMlsMessage(bytes, 0)
  } catch {
    decoded = undefined
  }
  if (decoded === undefined) {
    throw new InvalidMessageError(`malformed or truncated Welcome (${bytes.length} bytes)`)
  }
  if (decoded[1] !== bytes.length) {
    throw new InvalidMessageError(`${bytes.length - decoded[1]} trailing bytes after a Welcome`)
  }
  return decoded[0]
}
