/**
 * deploy/compose/compose.yaml: three mlskit instances on one PostgreSQL with
 * the group log on NATS JetStream, behind nginx. Static checks only: nothing
 * starts Docker here (and the NATS driver is not wired into the server yet).
 */
import { existsSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { parseStateKey } from "@mlskit/core"
import { loadServerConfig, resolveAdminToken, SERVER_CONFIG_KEYS } from "@mlskit/server"
import { envVarFor } from "@mlskit/service"
import { describe, expect, it } from "vitest"
import { deployPath, REPO_ROOT } from "../src/repo-paths.js"
import {
  argAfter,
  COMPOSE_DIR,
  type ComposeService,
  dependenciesOf,
  durationMs,
  environmentOf,
  loadCompose,
  nginxUpstreams,
} from "./helpers/compose.js"

const compose = loadCompose()
const services = compose.services
const DOCKERFILE = "deploy/docker/Dockerfile"
const builtFromDockerfile = ([, s]: [string, ComposeService]) =>
  s.build !== undefined &&
  resolve(COMPOSE_DIR, s.build.context, s.build.dockerfile ?? "") === join(REPO_ROOT, DOCKERFILE)
const instances = Object.entries(services).filter(builtFromDockerfile)
const imageToml = readFileSync(deployPath("docker", "mlskit.toml"), "utf8")
/** What an instance runs with: the image's mlskit.toml, overridden by its environment. */
const configOf = (s: ComposeService) => loadServerConfig({ toml: imageToml, env: environmentOf(s) })

const service = (name: string): ComposeService => {
  const s = services[name]
  if (!s) throw new Error(`no service ${name}`)
  return s
}
const commandOf = (s: ComposeService) =>
  Array.isArray(s.command) ? s.command : (s.command ?? "").split(/\s+/)
const healthTest = (s: ComposeService) => [s.healthcheck?.test ?? []].flat().join(" ")
const hostPort = (mapping: string) => mapping.split(":").slice(-2)[0]
const containerPort = (mapping: string) => Number(mapping.split(":").at(-1))
const loadBalancer = Object.entries(services).find(([, s]) => s.image?.startsWith("nginx"))

describe("deploy/compose/compose.yaml", () => {
  it("runs three mlskit instances built from deploy/docker/Dockerfile with the repository root as context", () => {
    expect(instances.map(([name]) => name).sort()).toEqual(["mlskit-1", "mlskit-2", "mlskit-3"])
    // The Dockerfile copies the whole pnpm workspace; .dockerignore at the root keeps it small.
    expect(existsSync(join(REPO_ROOT, "pnpm-workspace.yaml"))).toBe(true)
    expect(existsSync(join(REPO_ROOT, ".dockerignore"))).toBe(true)
    for (const [name, s] of instances)
      expect(resolve(COMPOSE_DIR, s.build?.context ?? ""), name).toBe(resolve(REPO_ROOT))
  })

  it("configures every instance with PostgreSQL storage and NATS delivery through real MLSKIT_* keys", () => {
    const valid = new Set(SERVER_CONFIG_KEYS.map(envVarFor))
    for (const [name, s] of instances) {
      for (const key of Object.keys(environmentOf(s)).filter((k) => k.startsWith("MLSKIT_")))
        expect(valid.has(key), `${name}: ${key}`).toBe(true)
      const config = configOf(s)
      expect(config.storage.driver, name).toBe("postgres")
      expect(config.delivery.driver, name).toBe("nats")
      expect(config.storage.reservedGenerations, name).toBe(1)
      expect(config.shutdown.snapshot, name).not.toBe("on")
    }
  })

  it("points every instance at the postgres service with its user, password and database", () => {
    const pg = environmentOf(service("postgres"))
    expect(service("postgres").image).toMatch(/^postgres:16(\.|-|$)/)
    for (const [name, s] of instances) {
      const url = new URL(configOf(s).storage.postgresUrl)
      expect(url.hostname, name).toBe("postgres")
      expect(url.port, name).toBe("5432")
      expect(url.username, name).toBe(pg.POSTGRES_USER)
      expect(decodeURIComponent(url.password), name).toBe(pg.POSTGRES_PASSWORD)
      expect(url.pathname, name).toBe(`/${pg.POSTGRES_DB}`)
    }
  })

  it("points every instance at the nats service, which runs JetStream with file storage on a volume", () => {
    for (const [name, s] of instances) {
      const url = new URL(configOf(s).delivery.natsUrl)
      expect(`${url.hostname}:${url.port}`, name).toBe("nats:4222")
    }
    const nats = service("nats")
    expect(nats.image).toMatch(/^nats:2\.(9|10)(\.|-|$)/)
    const command = commandOf(nats)
    expect(command).toContain("-js")
    const storeDir = argAfter(command, "-sd")
    expect(storeDir).toBeDefined()
    const volume = (nats.volumes ?? []).find((v) => v.split(":")[1] === storeDir)
    expect(volume).toBeDefined()
    expect(Object.keys(compose.volumes ?? {})).toContain(volume?.split(":")[0])
  })

  it("gives every instance the same dev-only state key and admin token, both ones the server accepts", () => {
    const configs = instances.map(([, s]) => configOf(s))
    const [first] = configs
    for (const c of configs) {
      expect(c.storage.stateKey).toBe(first?.storage.stateKey)
      expect(c.auth.adminToken).toBe(first?.auth.adminToken)
      // Set, so resolveAdminToken checks it and never generates a token file.
      expect(c.auth.adminToken).toMatch(/^dev-only-/)
      expect(() => parseStateKey(c.storage.stateKey)).not.toThrow()
      expect(() => resolveAdminToken(c)).not.toThrow()
    }
    expect(readFileSync(join(COMPOSE_DIR, "compose.yaml"), "utf8")).toMatch(/DEV ONLY/)
  })

  it("starts instances once PostgreSQL and NATS pass their healthchecks", () => {
    for (const [name, s] of instances)
      expect(dependenciesOf(s), name).toEqual({
        postgres: "service_healthy",
        nats: "service_healthy",
      })
    expect(healthTest(service("postgres"))).toContain("pg_isready")
    expect(healthTest(service("nats"))).toMatch(/:8222\/healthz/)
    expect(argAfter(commandOf(service("nats")), "-m")).toBe("8222")
  })

  it("checks every instance's health at /health/ready on its HTTP port and lets it drain before a kill", () => {
    for (const [name, s] of instances) {
      const config = configOf(s)
      expect(healthTest(s), name).toContain(`http://127.0.0.1:${config.server.port}/health/ready`)
      expect(durationMs(s.stop_grace_period ?? "10s"), name).toBeGreaterThan(
        config.shutdown.drainDelayMs + config.shutdown.timeoutMs,
      )
    }
  })

  it("publishes each instance on its own host port", () => {
    const ports = instances.map(([name, s]) => {
      const mapping = s.ports?.[0] ?? ""
      expect(containerPort(mapping), name).toBe(configOf(s).server.port)
      return hostPort(mapping)
    })
    expect(new Set(ports).size).toBe(instances.length)
  })

  it("puts a load balancer in front of all three on one port, started once they are healthy", () => {
    expect(loadBalancer).toBeDefined()
    const [, lb] = loadBalancer as [string, ComposeService]
    expect(dependenciesOf(lb)).toEqual(
      Object.fromEntries(instances.map(([name]) => [name, "service_healthy"])),
    )
    expect(lb.ports).toHaveLength(1)
    expect(lb.healthcheck).toBeDefined()
    const mount = (lb.volumes ?? []).find((v) => v.includes("/etc/nginx/"))
    const conf = readFileSync(resolve(COMPOSE_DIR, mount?.split(":")[0] ?? ""), "utf8")
    const upstreams = nginxUpstreams(conf)
    const [upstream, servers] = Object.entries(upstreams)[0] ?? []
    expect(Object.keys(upstreams)).toHaveLength(1)
    expect([...(servers ?? [])].sort()).toEqual(
      instances.map(([name, s]) => `${name}:${configOf(s).server.port}`).sort(),
    )
    expect(conf).toContain(`proxy_pass http://${upstream};`)
    expect(containerPort(lb.ports?.[0] ?? "")).toBe(Number(/listen\s+(\d+)/.exec(conf)?.[1]))
  })
})
