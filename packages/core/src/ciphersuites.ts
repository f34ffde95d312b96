/**
 * The ciphersuites ts-mls supports and the optional npm packages each one
 * needs. Use `assertCiphersuiteAvailable` before a suite is first used so a
 * missing package gives an error that names it.
 */
import { MissingDependencyError } from "./errors.js"

/** Every ciphersuite ts-mls 1.6.4 implements, with its optional packages. */
export const CIPHERSUITE_DEPENDENCIES = {
  MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519: [],
  MLS_128_DHKEMP256_AES128GCM_SHA256_P256: ["@noble/curves"],
  MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519: ["@hpke/chacha20poly1305"],
  MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448: ["@noble/curves", "@hpke/dhkem-x448"],
  MLS_256_DHKEMP521_AES256GCM_SHA512_P521: ["@noble/curves"],
  MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448: [
    "@hpke/chacha20poly1305",
    "@noble/curves",
    "@hpke/dhkem-x448",
  ],
  MLS_256_DHKEMP384_AES256GCM_SHA384_P384: ["@noble/curves"],
  MLS_128_MLKEM512_AES128GCM_SHA256_Ed25519: ["@hpke/ml-kem"],
  MLS_128_MLKEM512_CHACHA20POLY1305_SHA256_Ed25519: ["@hpke/ml-kem", "@hpke/chacha20poly1305"],
  MLS_256_MLKEM768_AES256GCM_SHA384_Ed25519: ["@hpke/ml-kem"],
  MLS_256_MLKEM768_CHACHA20POLY1305_SHA384_Ed25519: ["@hpke/ml-kem", "@hpke/chacha20poly1305"],
  MLS_256_MLKEM1024_AES256GCM_SHA512_Ed25519: ["@hpke/ml-kem"],
  MLS_256_MLKEM1024_CHACHA20POLY1305_SHA512_Ed25519: ["@hpke/ml-kem", "@hpke/chacha20poly1305"],
  MLS_256_XWING_AES256GCM_SHA512_Ed25519: ["@hpke/hybridkem-x-wing"],
  MLS_256_XWING_CHACHA20POLY1305_SHA512_Ed25519: [
    "@hpke/hybridkem-x-wing",
    "@hpke/chacha20poly1305",
  ],
  MLS_256_MLKEM1024_AES256GCM_SHA512_MLDSA87: ["@hpke/ml-kem", "@noble/post-quantum"],
  MLS_256_MLKEM1024_CHACHA20POLY1305_SHA512_MLDSA87: [
    "@hpke/ml-kem",
    "@hpke/chacha20poly1305",
    "@noble/post-quantum",
  ],
  MLS_256_XWING_AES256GCM_SHA512_MLDSA87: ["@hpke/hybridkem-x-wing", "@noble/post-quantum"],
  MLS_256_XWING_CHACHA20POLY1305_SHA512_MLDSA87: [
    "@hpke/hybridkem-x-wing",
    "@hpke/chacha20poly1305",
    "@noble/post-quantum",
  ],
} as const satisfies Record<string, readonly string[]>

/** A ciphersuite name supported by ts-mls. */
export type CiphersuiteName = keyof typeof CIPHERSUITE_DEPENDENCIES

/** The default suite: MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (RFC 9420's mandatory suite). */
export const DEFAULT_CIPHERSUITE: CiphersuiteName = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"

/** All supported suite names. */
export const SUPPORTED_CIPHERSUITES = Object.keys(CIPHERSUITE_DEPENDENCIES) as CiphersuiteName[]

/** True when `name` is a ciphersuite ts-mls supports. */
export function isCiphersuiteName(name: unknown): name is CiphersuiteName {
  return typeof name === "string" && Object.hasOwn(CIPHERSUITE_DEPENDENCIES, name)
}

/** Loads a module by name; injectable so tests can simulate a missing package. */
export type ModuleImporter = (specifier: string) => Promise<unknown>

/** Packages without a root entry are probed through a subpath ts-mls itself imports. */
const PROBE_SPECIFIER: Record<string, string> = {
  "@noble/curves": "@noble/curves/nist.js",
  "@noble/post-quantum": "@noble/post-quantum/ml-dsa.js",
}

const defaultImporter: ModuleImporter = (specifier) => import(specifier)
const verified = new Set<string>()

/** Throw MissingDependencyError naming the first optional package `suite` needs that cannot be loaded. */
export async function assertCiphersuiteAvailable(
  suite: CiphersuiteName,
  importer: ModuleImporter = defaultImporter,
): Promise<void> {
  const useCache = importer === defaultImporter
  if (useCache && verified.has(suite)) return
  for (const pkg of CIPHERSUITE_DEPENDENCIES[suite]) {
    try {
      await importer(PROBE_SPECIFIER[pkg] ?? pkg)
    } catch (cause) {
      throw new MissingDependencyError(
        pkg,
        `ciphersuite ${suite} needs the package "${pkg}": install it with \`npm install ${pkg}\``,
        { cause },
      )
    }
  }
  if (useCache) verified.add(suite)
}
