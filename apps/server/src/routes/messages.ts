/** Encrypting application messages and processing whatever the group delivers. */
import type { FastifyInstance } from "fastify"
import { toLocalGroupId } from "../api-group-id.js"
import { readSendBody, requireOnePlaintext, type SendBody } from "../message-body.js"
import type { RouteContext } from "../route-context.js"
import {
  bytesSchema,
  errorResponses,
  groupIdParams,
  memberSchema,
  objectSchema,
  sendBodySchema,
  senderSchema,
} from "../schemas.js"
import { decodeBytes, encodeBytes } from "../wire-bytes.js"
import { wireProcessResult } from "../wire-results.js"

type GroupParams = { Params: { groupId: string } }

const processedSchema = objectSchema(
  {
    kind: { type: "string", enum: ["application", "proposal", "commit", "removed"] },
    epoch: { type: "integer" },
    plaintext: { type: "string", description: "application: the plaintext (base64url)" },
    text: {
      type: "string",
      description: "application: the plaintext as text, present when it is valid UTF-8",
    },
    authenticatedData: {
      type: "string",
      description: "application: the authenticated data (base64url)",
    },
    generation: {
      type: "integer",
      description:
        "application: the sender's ratchet generation in the epoch (gaps: skipped messages)",
    },
    proposalType: { type: "string", description: "proposal: add, remove, update, ..." },
    sender: senderSchema,
    membersAdded: { type: "array", items: memberSchema, description: "commit: members it added" },
    membersRemoved: {
      type: "array",
      items: memberSchema,
      description: "commit: members it removed",
    },
  },
  ["kind", "epoch"],
)

/** Register the message routes. */
export function messageRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const security = [{ bearer: [] }]

  app.post<GroupParams & { Body: SendBody }>(
    "/v1/groups/:groupId/messages",
    {
      onRequest: ctx.auth.requireIdentity(),
      preValidation: requireOnePlaintext,
      schema: {
        summary:
          "Encrypt an application message; with delivery on it is appended to the group's log for every member, else deliver the returned MLSMessage yourself",
        tags: ["messages"],
        security,
        params: groupIdParams,
        body: sendBodySchema(ctx.bodyLimitBytes),
        response: {
          200: objectSchema(
            {
              message: {
                type: "string",
                description: "PrivateMessage MLSMessage (base64url)",
              },
              epoch: { type: "integer", description: "delivery on: the epoch it was sent in" },
              seq: { type: "integer", description: "delivery on: its seq in the group's log" },
            },
            ["message"],
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { plaintext, aad } = readSendBody(request.body)
      const groupId = toLocalGroupId(request.identityId, request.params.groupId)
      if (ctx.service.deliveryOn) {
        const sent = await ctx.service.deliverMessage(groupId, plaintext, aad)
        return { message: encodeBytes(sent.message), epoch: sent.epoch, seq: sent.seq }
      }
      const message = await ctx.service.sendMessage(groupId, plaintext, aad)
      return { message: encodeBytes(message) }
    },
  )

  app.post<GroupParams & { Body: { message: string } }>(
    "/v1/groups/:groupId/process",
    {
      onRequest: ctx.auth.requireIdentity(),
      schema: {
        summary:
          "Process a received MLSMessage by hand (delivery off; with delivery on: 409, members apply the log themselves)",
        tags: ["messages"],
        security,
        params: groupIdParams,
        body: objectSchema({ message: bytesSchema(ctx.bodyLimitBytes, "MLSMessage") }),
        response: { 200: processedSchema, ...errorResponses },
      },
    },
    async (request) => {
      const message = decodeBytes("message", request.body.message)
      const result = await ctx.service.processMessage(
        toLocalGroupId(request.identityId, request.params.groupId),
        message,
      )
      return wireProcessResult(result)
    },
  )
}
