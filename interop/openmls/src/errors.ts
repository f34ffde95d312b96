/**
 * The harness's one error family: bad input to the harness, or core-crypto
 * refusing an operation (the original error is the `cause`).
 */
import { hasErrorMarker, MlskitBaseError, type MlskitErrorOptions } from "@mlskit/errors"

const MARKER = Symbol.for("@mlskit/openmls-harness/error")

/** Why the harness refused or failed. */
export type OpenMlsErrorCode =
  /** An argument has the wrong type, size or shape. */
  | "INVALID_INPUT"
  /** core-crypto threw; its error is the `cause`. */
  | "CORE_CRYPTO"
  /** The WASM module could not be loaded. */
  | "LOAD_FAILED"

/** An error of the OpenMLS harness. */
export class OpenMlsError extends MlskitBaseError<OpenMlsErrorCode> {
  readonly [MARKER] = true

  constructor(code: OpenMlsErrorCode, message: string, options?: MlskitErrorOptions) {
    super(code, message, options)
  }

  /** True for an OpenMlsError from any installed copy of the harness. */
  static override isInstance(value: unknown): value is OpenMlsError {
    return hasErrorMarker(value, MARKER)
  }
}
