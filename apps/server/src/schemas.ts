/**
 * JSON schemas of the API's bodies, parameters and responses. Fastify
 * validates every body with them (no extra properties, bounded sizes) and
 * serialises every response through them; the OpenAPI document is built
 * from the same objects.
 */
import { REJECT_REASONS } from "@mlskit/core"

/** A JSON schema object. */
export type JsonSchema = Record<string, unknown>

/** Longest identity or group name (core's limit). */
export const MAX_NAME_LENGTH = 256

/** Most key packages generated or added in one call. */
export const MAX_BATCH = 100

/** Most leaf indices removed in one call. */
export const MAX_LEAF_INDICES = 1000

/** base64url text (no padding) of at most `maxBytes` bytes. */
export function bytesSchema(maxBytes: number, description: string, minBytes = 1): JsonSchema {
  return {
    type: "string",
    description: `${description} (base64url, no padding)`,
    pattern: "^[A-Za-z0-9_-]*$",
    minLength: Math.ceil((minBytes * 4) / 3),
    maxLength: Math.ceil(maxBytes / 3) * 4,
    contentEncoding: "base64url",
  }
}

/** An object with exactly these properties (`required` ones must be present). */
export function objectSchema(
  properties: Record<string, JsonSchema>,
  required: string[] = Object.keys(properties),
): JsonSchema {
  return { type: "object", additionalProperties: false, required, properties }
}

/** A bounded name. */
export const nameSchema: JsonSchema = { type: "string", minLength: 1, maxLength: MAX_NAME_LENGTH }

/** The `{groupId}` path parameter: base64url of the MLS group id (at most 255 bytes). */
export const groupIdParams: JsonSchema = objectSchema({
  groupId: {
    type: "string",
    description: "base64url of the MLS group id",
    pattern: "^[A-Za-z0-9_-]+$",
    maxLength: 340,
  },
})

/** The `{id}` path parameter: an identity id. */
export const identityIdParams: JsonSchema = objectSchema({
  id: { type: "string", description: "identity id", pattern: "^[A-Za-z0-9_-]+$", maxLength: 64 },
})

/** A group member. */
export const memberSchema: JsonSchema = objectSchema({
  leafIndex: { type: "integer" },
  identity: { type: "string", description: "the basic credential's identity" },
  credentialType: { type: "string" },
})

/** Who sent a processed message. */
export const senderSchema: JsonSchema = objectSchema({
  leafIndex: { type: "integer" },
  identity: { type: "string" },
})

/** One of the caller's groups. */
export const groupSummarySchema: JsonSchema = objectSchema({
  groupId: { type: "string", description: "base64url of the MLS group id" },
  name: { type: "string" },
  epoch: { type: "integer" },
  status: { type: "string", enum: ["active", "removed"] },
  version: {
    type: "integer",
    description: "increases with every stored change of the caller's state",
  },
})

/** A group with its members. */
export const groupDetailsSchema: JsonSchema = objectSchema(
  {
    ...(groupSummarySchema.properties as Record<string, JsonSchema>),
    ciphersuite: { type: "string" },
    ownLeafIndex: { type: "integer" },
    members: { type: "array", items: memberSchema },
    epochAuthenticator: {
      type: "string",
      description:
        "the epoch authenticator (RFC 9420 section 8.7, base64url): equal for every member of the epoch unless the group forked",
    },
    appliedSeq: {
      type: "integer",
      description: "delivery on: the last group log entry applied for the caller",
    },
  },
  [
    "groupId",
    "name",
    "epoch",
    "status",
    "version",
    "ciphersuite",
    "ownLeafIndex",
    "members",
    "epochAuthenticator",
  ],
)

/** The answer to joining by external commit: the joined group and the commit for its members. */
export const externalJoinResponseSchema: JsonSchema = objectSchema({
  groupId: { type: "string", description: "base64url of the MLS group id" },
  epoch: { type: "integer", minimum: 0, description: "the epoch the commit starts" },
  commit: {
    type: "string",
    description: "external commit MLSMessage for the group's members (base64url)",
  },
})

/** The body of joining by external commit. */
export function externalJoinBodySchema(bodyLimitBytes: number): JsonSchema {
  return objectSchema(
    {
      groupInfo: bytesSchema(
        bodyLimitBytes,
        "GroupInfo MLSMessage with external_pub and ratchet_tree, as GET /v1/groups/{groupId}/group-info returns",
      ),
      resync: {
        type: "boolean",
        description:
          "true when the caller is already in the group (another device or lost state): its old leaf is replaced",
      },
      name: {
        ...nameSchema,
        description:
          "the caller's name for the group; default: the other members' names, e.g. \"alice, bob\"",
      },
    },
    ["groupInfo"],
  )
}

/** The error body of every 4xx and 5xx answer; `reason` refines `code` where mlskit can tell why. */
export const errorSchema: JsonSchema = objectSchema({
  error: objectSchema(
    {
      code: { type: "string" },
      message: { type: "string" },
      reason: { type: "string", enum: [...REJECT_REASONS] },
      winner: {
        type: "integer",
        description:
          "COMMIT_CONFLICT: the seq of the commit that took the epoch; fetch it and redo",
      },
      seq: { type: "integer", description: "ALREADY_APPENDED: the seq the message already has" },
    },
    ["code", "message"],
  ),
})

/** Error responses every API route can give. */
export const errorResponses: Record<string, JsonSchema> = {
  "4xx": errorSchema,
  "5xx": errorSchema,
}

/** A body with no properties (an empty object or no body at all). */
export const emptyBodySchema: JsonSchema = objectSchema({})

/** A response schema of one base64url field. */
export function bytesResponse(field: string, description: string): JsonSchema {
  return objectSchema({ [field]: { type: "string", description: `${description} (base64url)` } })
}

/** Why a send body with both or neither of `plaintext` and `text` is refused. */
export const EXACTLY_ONE_PLAINTEXT =
  "give exactly one of plaintext (base64url bytes) or text (UTF-8 text)"

/** The JSON schema of the send body (`oneOf` states "exactly one of plaintext or text"). */
export function sendBodySchema(bodyLimitBytes: number): JsonSchema {
  return {
    type: "object",
    additionalProperties: false,
    description: EXACTLY_ONE_PLAINTEXT,
    properties: {
      plaintext: bytesSchema(bodyLimitBytes, "the plaintext as bytes", 0),
      text: {
        type: "string",
        description: "the plaintext as text, sent as its UTF-8 bytes",
        maxLength: bodyLimitBytes,
      },
      aad: bytesSchema(
        bodyLimitBytes,
        "authenticated data: sent in the clear, integrity-protected, returned on process",
        0,
      ),
    },
    oneOf: [{ required: ["plaintext"] }, { required: ["text"] }],
  }
}
