/**
 * @mlskit/openmls-harness: OpenMLS (Wire's core-crypto 10.3.0, WASM build)
 * as a member of mlskit groups, for interop tests and the providers
 * benchmark. Private: never published.
 */
export { OpenMlsError, type OpenMlsErrorCode } from "./errors.js"
export { frameKeyPackage, unframeKeyPackage } from "./framing.js"
export { type CoreCryptoModule, loadCoreCrypto } from "./load.js"
export {
  clientIdName,
  OPENMLS_DOMAIN,
  OPENMLS_EXPORTER_LABEL,
  OPENMLS_SUITE,
  type OpenMlsAddResult,
  OpenMlsMember,
  type OpenMlsReceived,
} from "./member.js"
