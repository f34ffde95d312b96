/** The HTTP log names request paths, never their query strings (a query may carry a credential). */
import { afterAll, describe, expect, it } from "vitest"
import { removeDir, tempDir } from "./helpers.js"
import { adminTokenIn, writeProcessConfig } from "./process-config.js"
import { type ServerProcess, startServerProcess } from "./server-process.js"

const SECRET = "secret-9f1c2e7a4b3d8e6f0a1b2c3d4e5f6a7b"

describe("request logging (a child-process server at log level info)", () => {
  const dir = tempDir()
  const processes: ServerProcess[] = []
  afterAll(() => {
    for (const p of processes) p.child.kill("SIGKILL")
    removeDir(dir)
  })

  it("logs the path of every request and never its query string", async () => {
    const server = await startServerProcess(writeProcessConfig(dir, '[logging]\nlevel = "info"\n'))
    processes.push(server)
    const auth = { authorization: `Bearer ${adminTokenIn(dir)}` }
    const query = `?access_token=${SECRET}&next=${SECRET}`
    const answers = [
      await fetch(`${server.url}/v1/groups${query}`, { headers: auth }),
      await fetch(`${server.url}/v1/groups${query}`),
      await fetch(`${server.url}/v1/no-such-route${query}`, { headers: auth }),
      await fetch(`${server.url}/health/ready${query}`),
      await fetch(`${server.url}/v1/identities${query}#${SECRET}`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "{not json",
      }),
    ]
    expect(answers.map((a) => a.status)).toEqual([403, 401, 404, 200, 400])
    for (const answer of answers) await answer.arrayBuffer()
    server.child.kill("SIGTERM")
    expect(await server.exited).toBe(0)

    const log = server.output()
    expect(log).toContain('"url":"/v1/groups"')
    expect(log).toContain('"url":"/v1/no-such-route"')
    expect(log).toContain('"url":"/health/ready"')
    expect(log).toContain('"url":"/v1/identities"')
    expect(log).not.toContain(SECRET)
    expect(log).not.toContain("access_token")
  })
})
