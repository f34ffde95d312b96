/**
 * Maps every failure to an HTTP status and the body `{ error: { code,
 * message, reason? } }`: mlskit errors by their code (with their `reason`
 * when they have one), Fastify's body and validation errors to 4xx, anything
 * else to a 500 whose message says nothing.
 */
import { MlskitError } from "@mlskit/core"
import { AlreadyAppendedError, CommitConflictError } from "@mlskit/delivery"
import type { FastifyReply, FastifyRequest } from "fastify"

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5

/** An error as it goes over HTTP. */
export interface HttpError {
  status: number
  code: string
  message: string
  /** mlskit's stable refinement of `code` (for example "replayed", "past_epoch"), when known. */
  reason?: string
  /** Seconds for the `Retry-After` header (503 only). */
  retryAfter?: number
  /** COMMIT_CONFLICT: the seq of the commit that took the epoch. */
  winner?: number
  /** ALREADY_APPENDED: the seq the message already has. */
  seq?: number
}

const INTERNAL: HttpError = { status: 500, code: "INTERNAL_ERROR", message: "internal error" }

const STATUS_BY_CODE: Record<string, number> = {
  INVALID_INPUT: 400,
  INVALID_MESSAGE: 400,
  CRYPTO_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  CONFLICT: 409,
  SERVICE_UNAVAILABLE: 503,
}

const FASTIFY_ERRORS: Record<string, Omit<HttpError, "message"> & { message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: "PAYLOAD_TOO_LARGE" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "the body must be application/json",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "INVALID_INPUT", message: "the body is empty" },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: "INVALID_INPUT",
    message: "the body is not valid JSON",
  },
  FST_ERR_BAD_URL: { status: 400, code: "INVALID_INPUT", message: "the URL is not valid" },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: "URI_TOO_LONG",
    message: "a path parameter is too long",
  },
}

/** The HTTP form of `error`. */
export function toHttpError(error: unknown): HttpError {
  if (MlskitError.isInstance(error)) return fromMlskitError(error)
  if (typeof error !== "object" || error === null) return INTERNAL
  const { code, statusCode, validation } = error as {
    code?: unknown
    statusCode?: unknown
    validation?: unknown
  }
  if (validation !== undefined)
    return { status: 400, code: "INVALID_INPUT", message: messageOf(error) }
  const known = typeof code === "string" ? FASTIFY_ERRORS[code] : undefined
  if (known) return { ...known, message: known.message ?? messageOf(error) }
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    // Other request errors from Fastify (bad content length, prototype poisoning, ...).
    return {
      status: statusCode,
      code: statusCode === 400 ? "INVALID_INPUT" : `HTTP_${statusCode}`,
      message: messageOf(error),
    }
  }
  if (error instanceof SyntaxError)
    return { status: 400, code: "INVALID_INPUT", message: "the body is not valid JSON" }
  return INTERNAL
}

function fromMlskitError(error: MlskitError): HttpError {
  if (error instanceof CommitConflictError)
    return { status: 409, code: "COMMIT_CONFLICT", message: error.message, winner: error.winnerSeq }
  if (error instanceof AlreadyAppendedError)
    return { status: 409, code: "ALREADY_APPENDED", message: error.message, seq: error.seq }
  if (error.code === "STORAGE_ERROR") {
    return error.retryable
      ? { status: 503, code: error.code, message: error.message, retryAfter: RETRY_AFTER_SECONDS }
      : { ...INTERNAL, code: error.code, message: "storage failure" }
  }
  const status = STATUS_BY_CODE[error.code]
  if (status === undefined) return INTERNAL
  const http: HttpError = { status, code: error.code, message: error.message }
  if (error.reason !== undefined && status < 500) http.reason = error.reason
  if (status === 503) http.retryAfter = RETRY_AFTER_SECONDS
  return http
}

function messageOf(error: object): string {
  const message = (error as { message?: unknown }).message
  return typeof message === "string" ? message : "bad request"
}

/** Send `error` as `{ error: { code, message, reason? } }` with its status (and Retry-After, WWW-Authenticate). */
export function replyWithError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const http = toHttpError(error)
  if (http.status >= 500 && http.status !== 503) request.log.error({ err: error }, "request failed")
  else
    request.log.info(
      { status: http.status, code: http.code, reason: http.reason },
      "request refused",
    )
  if (http.retryAfter !== undefined) reply.header("retry-after", String(http.retryAfter))
  if (http.status === 401) reply.header("www-authenticate", 'Bearer realm="mlskit"')
  const body: Record<string, unknown> = { code: http.code, message: http.message }
  if (http.reason !== undefined) body.reason = http.reason
  if (http.winner !== undefined) body.winner = http.winner
  if (http.seq !== undefined) body.seq = http.seq
  return reply.code(http.status).send({ error: body })
}
