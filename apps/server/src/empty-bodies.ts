/**
 * Absent and empty request bodies. A route whose body fields are all
 * optional treats no body (with or without `content-type: application/json`)
 * as `{}`; a route that needs fields refuses it with "the body is empty".
 * Non-empty JSON is parsed by Fastify's own parser (prototype poisoning refused).
 */
import { InvalidInputError } from "@mlskit/core"
import type { FastifyInstance, FastifyRequest } from "fastify"

/** True when a body schema can be satisfied by `{}`: no required fields, no `oneOf`/`anyOf`. */
export function acceptsEmptyObject(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false
  const { required, oneOf, anyOf } = schema as {
    required?: unknown[]
    oneOf?: unknown
    anyOf?: unknown
  }
  return (required === undefined || required.length === 0) && !oneOf && !anyOf
}

/** Replace the JSON parser so an empty body is "no body", and fill in `{}` where that is valid. */
export function acceptEmptyBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error")
  app.removeContentTypeParser("application/json")
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8")
    if (text === "") {
      done(null, undefined)
      return
    }
    parseJson(request, text, done)
  })
  app.addHook("preValidation", async (request: FastifyRequest) => {
    // JSON `null` is a body like any other: the schema refuses it.
    if (request.body !== undefined) return
    const schema = request.routeOptions.schema?.body
    if (schema === undefined) return
    if (!acceptsEmptyObject(schema)) throw new InvalidInputError("the body is empty")
    request.body = {}
  })
}
