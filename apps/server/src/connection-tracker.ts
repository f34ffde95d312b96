/**
 * Closes the connections a graceful close would otherwise wait for. Node's
 * `server.close()` reaps idle keep-alive sockets once, but not a socket that
 * connected and has not sent a request yet, nor one that becomes idle later;
 * either would hold the close open until the client gives up. Once closing
 * starts, this destroys every socket without a request in flight, and each
 * other socket as soon as its response is done; at the close deadline
 * `destroyAll` cuts off whatever is left (a client stalled mid-upload).
 */
import type { Server } from "node:http"
import type { Socket } from "node:net"

/** Tracks a server's sockets and which of them are serving a request. */
export class ConnectionTracker {
  readonly #sockets = new Set<Socket>()
  readonly #busy = new Map<Socket, number>()
  #closing = false

  constructor(server: Server) {
    server.on("connection", (socket: Socket) => {
      if (this.#closing) {
        socket.destroy()
        return
      }
      this.#sockets.add(socket)
      socket.once("close", () => {
        this.#sockets.delete(socket)
        this.#busy.delete(socket)
      })
    })
    server.on("request", (request, response) => {
      const socket = request.socket
      this.#busy.set(socket, (this.#busy.get(socket) ?? 0) + 1)
      response.once("close", () => {
        const left = (this.#busy.get(socket) ?? 1) - 1
        if (left > 0) this.#busy.set(socket, left)
        else this.#busy.delete(socket)
        if (this.#closing && left <= 0) socket.destroy()
      })
    })
  }

  /** From now on, no socket outlives its last response; idle ones are destroyed at once. */
  closeIdle(): void {
    this.#closing = true
    for (const socket of this.#sockets) if (!this.#busy.has(socket)) socket.destroy()
  }

  /** Destroy every socket still open, busy or not; returns how many requests were cut off. */
  destroyAll(): number {
    this.#closing = true
    const cut = this.#busy.size
    for (const socket of this.#sockets) socket.destroy()
    return cut
  }
}
