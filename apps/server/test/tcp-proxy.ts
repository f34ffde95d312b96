/**
 * A TCP proxy in front of PostgreSQL for one deployment's processes, so a
 * test can cut their database off (every connection reset, new ones
 * refused) and bring it back, without stopping the server other tests use.
 */
import { connect, createServer, type Server, type Socket } from "node:net"

/** A running proxy. */
export interface TcpProxy {
  port: number
  /** Reset every connection and refuse new ones until `restore`. */
  cut(): void
  restore(): void
  close(): Promise<void>
}

/** Proxy 127.0.0.1:<free port> to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let down = false
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    if (down) {
      client.resetAndDestroy()
      return
    }
    const upstream = connect(target.port, target.host)
    sockets.add(client)
    sockets.add(upstream)
    const drop = () => {
      sockets.delete(client)
      sockets.delete(upstream)
      client.destroy()
      upstream.destroy()
    }
    client.on("error", drop)
    upstream.on("error", drop)
    client.on("close", drop)
    upstream.on("close", drop)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  if (typeof address !== "object" || !address) throw new Error("proxy has no port")
  return {
    port: address.port,
    cut() {
      down = true
      for (const socket of sockets) socket.resetAndDestroy()
      sockets.clear()
    },
    restore() {
      down = false
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
