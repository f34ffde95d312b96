/**
 * The source of packages/client/src/openapi-types.ts: the TypeScript types of
 * the server's OpenAPI document, by openapi-typescript. Shared by
 * `scripts/openapi.mjs client-types` (writes the file) and the test that
 * regenerates it and compares (test/client-types.test.ts).
 */
import openapiTS, { astToString } from "openapi-typescript"

/** Path of the generated file, relative to the repository root. */
export const CLIENT_TYPES_PATH = "packages/client/src/openapi-types.ts"

const HEADER = `/**
 * The HTTP API's types, generated from the server's OpenAPI document by
 * openapi-typescript. Do not edit: run \`pnpm --filter @mlskit/server gen:client-types\`
 * (apps/server/test/client-types.test.ts fails while this file is stale).
 */
`

/** The generated file's text for `document`. */
export async function clientTypesSource(document) {
  const ast = await openapiTS(document, { alphabetize: true, exportType: true })
  return `${HEADER}${astToString(ast)}`
}
