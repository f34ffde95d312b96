/**
 * The Kubernetes manifests against the real server: the built server runs
 * with the ConfigMap's mlskit.toml and the container's environment (secrets
 * generated the way deploy/README.md says), and answers the probe paths and
 * the Prometheus scrape path the manifests name. Only the listen addresses
 * and the data directory are overridden, to loopback, free ports and a
 * temporary directory.
 */
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { MlskitClient } from "@mlskit/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Container,
  type Deployment,
  type HttpProbe,
  loadManifests,
  only,
} from "./helpers/manifests.js"
import { type ServerProcess, startServerProcess } from "./helpers/server-process.js"

const objects = loadManifests()
const deployment = only<Deployment>(objects, "Deployment")
const configMap = only(objects, "ConfigMap")
const pod = deployment.spec.template
const container = pod.spec.containers[0] as Container

/** Secret values as `openssl rand -hex 32` and `openssl rand -base64 32` make them (deploy/README.md). */
const SECRET_VALUES: Record<string, string> = {
  "state-key": randomBytes(32).toString("hex"),
  "admin-token": randomBytes(32).toString("base64"),
}

/** The container's environment, secret references resolved to SECRET_VALUES. */
function containerEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const e of container.env ?? []) {
    const key = e.valueFrom?.secretKeyRef?.key
    const value = key === undefined ? e.value : SECRET_VALUES[key]
    if (value === undefined) throw new Error(`no test value for ${e.name}`)
    env[e.name] = value
  }
  return env
}

const probePath = (probe: HttpProbe | undefined): string => probe?.httpGet?.path ?? "(none)"

describe("the server started with the Kubernetes ConfigMap and container environment", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-k8s-server-"))
  const configFile = join(dir, "mlskit.toml")
  let server: ServerProcess
  let admin: MlskitClient

  beforeAll(async () => {
    writeFileSync(configFile, configMap.data?.["mlskit.toml"] ?? "")
    server = await startServerProcess(configFile, {
      ...containerEnv(),
      MLSKIT_SERVER_HOST: "127.0.0.1",
      MLSKIT_SERVER_PORT: "0",
      MLSKIT_METRICS_HOST: "127.0.0.1",
      MLSKIT_METRICS_PORT: "0",
      MLSKIT_STORAGE_DATA_DIR: join(dir, "data"),
    })
    admin = new MlskitClient({ baseUrl: server.url, token: SECRET_VALUES["admin-token"] })
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it("takes the admin token from the Secret's environment variable", async () => {
    expect(server.output()).toContain(
      "admin token from [auth] admin_token / MLSKIT_AUTH_ADMIN_TOKEN",
    )
    expect(server.output()).not.toContain(SECRET_VALUES["admin-token"])
    await expect(admin.createIdentity("k8s-probe-admin-check")).resolves.toMatchObject({
      name: "k8s-probe-admin-check",
    })
  })

  it("answers 200 on the startup and liveness probe paths", async () => {
    for (const probe of [container.startupProbe, container.livenessProbe]) {
      const res = await fetch(`${server.url}${probePath(probe)}`)
      expect(res.status, probePath(probe)).toBe(200)
    }
  })

  it("answers 200 on the readiness probe path once it holds a group", async () => {
    const { token } = await admin.createIdentity("k8s-probe-owner")
    await admin.withToken(token).createGroup("k8s-probe-group")
    const res = await fetch(`${server.url}${probePath(container.readinessProbe)}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      status: "healthy",
      components: expect.arrayContaining([
        expect.objectContaining({ name: "mls_service", status: "healthy" }),
      ]),
    })
  })

  it("serves Prometheus text on the metrics port at the pod's prometheus.io/path", async () => {
    const path = pod.metadata.annotations?.["prometheus.io/path"] ?? "(none)"
    const metricsBase = new URL(server.metricsUrl).origin
    const res = await fetch(`${metricsBase}${path}`)
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    expect(text).toContain("# TYPE mls_service_health_status gauge")
    expect(text).toMatch(/^mls_active_groups 1$/m)
  })
})
