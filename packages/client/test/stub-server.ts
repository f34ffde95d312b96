/** A throwaway node:http server answering each request with a handler, for client tests. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

/** A request as the stub saw it. */
export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage["headers"]
  body: string
}

/** Start a stub; `handle` answers every request. */
export async function stubServer(handle: (req: SeenRequest, res: ServerResponse) => void) {
  const seen: SeenRequest[] = []
  const server = createServer((req, res) => {
    let body = ""
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8")
    })
    req.on("end", () => {
      const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body }
      seen.push(request)
      handle(request, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Answer with JSON. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res
    .writeHead(status, { "content-type": "application/json", ...headers })
    .end(JSON.stringify(body))
}
