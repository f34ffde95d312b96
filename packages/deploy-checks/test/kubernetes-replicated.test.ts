/**
 * deploy/kubernetes/replicated: several mlskit replicas on PostgreSQL with
 * the group log on NATS JetStream. Static checks only (the NATS driver is
 * not wired into the server yet, so no server starts from this ConfigMap;
 * kubernetes-server.test.ts runs the single-replica one).
 */
import { randomBytes } from "node:crypto"
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { ConfigError } from "@mlskit/core"
import { loadServerConfig, SERVER_CONFIG_KEYS, type ServerConfig } from "@mlskit/server"
import { envVarFor } from "@mlskit/service"
import { describe, expect, it } from "vitest"
import {
  type Container,
  type Deployment,
  type K8sObject,
  loadManifests,
  named,
  only,
  type PodDisruptionBudget,
  type PodSpec,
  type Probe,
  preStopDelayMs,
  REPLICATED_DIR,
  type Service,
  type StatefulSet,
} from "./helpers/manifests.js"

const objects = loadManifests(REPLICATED_DIR)
const single = loadManifests()
const deployment = named<Deployment>(objects, "Deployment", "mlskit")
const service = named<Service>(objects, "Service", "mlskit")
const configMap = only(objects, "ConfigMap")
const secret = only(objects, "Secret")
const pdb = only<PodDisruptionBudget>(objects, "PodDisruptionBudget")
const kustomization = only<K8sObject & { resources: string[] }>(objects, "Kustomization")
const postgres = named<StatefulSet>(objects, "StatefulSet", "mlskit-postgres")
const nats = named<StatefulSet>(objects, "StatefulSet", "mlskit-nats")
const pod = deployment.spec.template.spec
const container = pod.containers[0] as Container
const postgresContainer = postgres.spec.template.spec.containers[0] as Container
const natsContainer = nats.spec.template.spec.containers[0] as Container
const secretData = secret.stringData ?? secret.data ?? {}
const CONFIG_KEY = "mlskit.toml"

/** Values for the secrets the server would refuse as placeholders, made as secret.yaml says. */
const GENERATED: Record<string, string> = {
  "state-key": randomBytes(32).toString("hex"),
  "admin-token": randomBytes(32).toString("base64"),
}

/** The container's environment, secret references resolved (generated or the Secret's own value). */
function containerEnv(c: Container): Record<string, string> {
  const env: Record<string, string> = {}
  for (const e of c.env ?? []) {
    const key = e.valueFrom?.secretKeyRef?.key
    const value = key === undefined ? e.value : (GENERATED[key] ?? secretData[key])
    if (value === undefined) throw new Error(`no value for ${e.name}`)
    env[e.name] = value
  }
  return env
}

const loadConfig = (env: Record<string, string>): ServerConfig =>
  loadServerConfig({ toml: configMap.data?.[CONFIG_KEY] ?? "", env })
const config = loadConfig(containerEnv(container))

const workloads = objects.filter(
  (o): o is Deployment | StatefulSet => o.kind === "Deployment" || o.kind === "StatefulSet",
)
const podLabels = (w: Deployment | StatefulSet) => w.spec.template.metadata.labels ?? {}
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v)
const envValue = (c: Container, name: string) => c.env?.find((e) => e.name === name)?.value
const portNamed = (c: Container, name: string | number) =>
  typeof name === "number" ? name : c.ports?.find((p) => p.name === name)?.containerPort
const httpTarget = (c: Container, probe: Probe | undefined) => ({
  path: probe?.httpGet?.path,
  port: probe?.httpGet ? portNamed(c, probe.httpGet.port) : undefined,
})

/** The mount path of the StatefulSet's volume claim template in its container. */
function claimMountPath(set: StatefulSet, c: Container): string | undefined {
  const claims = (set.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name)
  return c.volumeMounts?.find((m) => claims.includes(m.name))?.mountPath
}

/** The headless Service governing `set`, checked to select its pods. */
function governingService(set: StatefulSet): Service {
  const svc = named<Service>(objects, "Service", set.spec.serviceName)
  expect(svc.spec.clusterIP).toBe("None")
  expect(selects(svc.spec.selector, podLabels(set))).toBe(true)
  return svc
}

/** How many of `replicas` pods the PodDisruptionBudget lets go at once. */
function disruptionsAllowed(budget: PodDisruptionBudget, replicas: number): number {
  const { minAvailable, maxUnavailable } = budget.spec
  if (typeof maxUnavailable === "number") return maxUnavailable
  if (typeof minAvailable === "number") return replicas - minAvailable
  throw new Error("use an integer minAvailable or maxUnavailable")
}

describe("deploy/kubernetes/replicated manifests", () => {
  it("parse into the mlskit Deployment, Service, ConfigMap, Secret, PodDisruptionBudget and the PostgreSQL and NATS StatefulSets with their Services", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name ?? ""}`).sort()).toEqual(
      [
        "ConfigMap/mlskit-config",
        "Deployment/mlskit",
        "Kustomization/",
        "PodDisruptionBudget/mlskit",
        "Secret/mlskit-secrets",
        "Service/mlskit",
        "Service/mlskit-nats",
        "Service/mlskit-postgres",
        "StatefulSet/mlskit-nats",
        "StatefulSet/mlskit-postgres",
      ].sort(),
    )
    for (const o of objects.filter((o) => o.kind !== "Kustomization"))
      expect(o.metadata.labels?.["app.kubernetes.io/part-of"], o.metadata.name).toBe("mlskit")
  })

  it("list every manifest in kustomization.yaml but the Secret, whose placeholders would overwrite the real one", () => {
    const files = readdirSync(REPLICATED_DIR).filter(
      (f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml",
    )
    expect([...kustomization.resources].sort()).toEqual(
      files.filter((f) => f !== "secret.yaml").sort(),
    )
    for (const f of kustomization.resources) expect(existsSync(join(REPLICATED_DIR, f))).toBe(true)
  })

  it("configure the server with a TOML naming PostgreSQL storage and NATS delivery, listening on all interfaces", () => {
    expect(config.storage.driver).toBe("postgres")
    expect(config.delivery.driver).toBe("nats")
    expect(config.server.host).toBe("0.0.0.0")
    expect(config.metrics.host).toBe("0.0.0.0")
    expect(config.storage.reservedGenerations).toBe(1)
  })

  it("run more than one replica only on a shared PostgreSQL store, here and in the single-replica manifests", () => {
    expect(deployment.spec.replicas).toBeGreaterThan(1)
    const singleDeployment = only<Deployment>(single, "Deployment")
    const singleConfig = loadServerConfig({
      toml: only(single, "ConfigMap").data?.[CONFIG_KEY] ?? "",
      env: {},
    })
    for (const [replicas, driver] of [
      [deployment.spec.replicas ?? 1, config.storage.driver],
      [singleDeployment.spec.replicas ?? 1, singleConfig.storage.driver],
    ] as const) {
      if (replicas > 1) expect(driver).toBe("postgres")
    }
  })

  it("roll updates one new pod at a time without taking one of the old ones down first", () => {
    expect(deployment.spec.strategy?.type).toBe("RollingUpdate")
    expect(deployment.spec.strategy?.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 })
  })

  it("probe readiness at /health/ready (which includes PostgreSQL and NATS), liveness and startup at /health/live (which does not)", () => {
    const http = { port: config.server.port }
    expect(httpTarget(container, container.readinessProbe)).toEqual({
      ...http,
      path: "/health/ready",
    })
    expect(httpTarget(container, container.livenessProbe)).toEqual({
      ...http,
      path: "/health/live",
    })
    expect(httpTarget(container, container.startupProbe)).toEqual({
      ...http,
      path: "/health/live",
    })
  })

  it("take the PostgreSQL URL, state key and admin token from the environment, never from the ConfigMap", () => {
    const names = (container.env ?? []).map((e) => e.name)
    expect(names).toEqual(
      expect.arrayContaining([
        "MLSKIT_STORAGE_POSTGRES_URL",
        "MLSKIT_STORAGE_STATE_KEY",
        "MLSKIT_AUTH_ADMIN_TOKEN",
      ]),
    )
    const valid = new Set(SERVER_CONFIG_KEYS.map(envVarFor))
    for (const name of names.filter((n) => n.startsWith("MLSKIT_")))
      expect(valid.has(name), name).toBe(true)
    expect(configMap.data?.[CONFIG_KEY]).not.toMatch(/postgres_url|state_key|admin_token/)
    expect(() => loadConfig({})).toThrow(ConfigError)
  })

  it("refer only to keys the Secret has, from every container of every workload", () => {
    const refs = workloads.flatMap((w) =>
      w.spec.template.spec.containers.flatMap((c) =>
        (c.env ?? []).flatMap((e) => e.valueFrom?.secretKeyRef ?? []),
      ),
    )
    expect(refs.map((r) => r.key).sort()).toEqual(
      ["admin-token", "postgres-password", "postgres-url", "state-key"].sort(),
    )
    for (const ref of refs) {
      expect(ref.name).toBe(secret.metadata.name)
      expect(Object.keys(secretData)).toContain(ref.key)
    }
  })

  it("point the Secret's PostgreSQL URL at the PostgreSQL Service, user and database", () => {
    const url = new URL(secretData["postgres-url"] ?? "")
    const svc = governingService(postgres)
    expect(url.protocol).toBe("postgres:")
    expect(url.hostname).toBe(svc.metadata.name)
    expect(Number(url.port)).toBe(svc.spec.ports[0]?.port)
    expect(portNamed(postgresContainer, svc.spec.ports[0]?.targetPort ?? "")).toBe(5432)
    expect(url.username).toBe(envValue(postgresContainer, "POSTGRES_USER"))
    expect(url.pathname).toBe(`/${envValue(postgresContainer, "POSTGRES_DB")}`)
  })

  it("run PostgreSQL 16 from the official image with its data on the volume claim", () => {
    expect(postgresContainer.image).toMatch(/^postgres:16(\.|-|$)/)
    const mount = claimMountPath(postgres, postgresContainer)
    expect(mount).toBeDefined()
    expect(envValue(postgresContainer, "PGDATA")?.startsWith(`${mount}/`)).toBe(true)
    expect(postgresContainer.readinessProbe?.exec?.command[0]).toBe("pg_isready")
  })

  it("point nats_url at the NATS Service's client port, with no more stream replicas than NATS servers", () => {
    const svc = governingService(nats)
    const url = new URL(config.delivery.natsUrl)
    expect(url.protocol).toBe("nats:")
    expect(url.hostname).toBe(svc.metadata.name)
    const client = svc.spec.ports.find((p) => p.port === Number(url.port))
    expect(client).toBeDefined()
    expect(portNamed(natsContainer, client?.targetPort ?? "")).toBe(4222)
    expect(config.delivery.natsReplicas).toBeLessThanOrEqual(nats.spec.replicas ?? 1)
  })

  it("run NATS (official 2.9 or 2.10 image) with JetStream on file storage in the volume claim", () => {
    expect(natsContainer.image).toMatch(/^nats:2\.(9|10)(\.|-|$)/)
    const args = natsContainer.args ?? []
    expect(args).toContain("-js")
    const storeDir = args[args.indexOf("-sd") + 1]
    expect(args.indexOf("-sd")).toBeGreaterThanOrEqual(0)
    expect(storeDir).toBe(claimMountPath(nats, natsContainer))
  })

  it("probe NATS at /healthz on the monitoring port it enables", () => {
    const args = natsContainer.args ?? []
    const monitorPort = Number(args[args.indexOf("-m") + 1])
    expect(portNamed(natsContainer, "monitor")).toBe(monitorPort)
    for (const probe of [
      natsContainer.startupProbe,
      natsContainer.livenessProbe,
      natsContainer.readinessProbe,
    ]) {
      const target = httpTarget(natsContainer, probe)
      expect(target.path).toMatch(/^\/healthz(\?|$)/)
      expect(target.port).toBe(monitorPort)
    }
  })

  it("guard the mlskit pods with a PodDisruptionBudget that lets some but never all go", () => {
    const replicas = deployment.spec.replicas ?? 1
    expect(selects(pdb.spec.selector.matchLabels, podLabels(deployment))).toBe(true)
    for (const other of workloads.filter((w) => w !== deployment))
      expect(selects(pdb.spec.selector.matchLabels, podLabels(other)), other.metadata.name).toBe(
        false,
      )
    const allowed = disruptionsAllowed(pdb, replicas)
    expect(allowed).toBeGreaterThanOrEqual(1)
    expect(allowed).toBeLessThan(replicas)
  })

  it("route the mlskit Service to the mlskit pods only, on named ports", () => {
    for (const w of workloads)
      expect(selects(service.spec.selector, podLabels(w)), w.metadata.name).toBe(w === deployment)
    expect(service.spec.ports.map((p) => [p.port, p.targetPort])).toEqual([
      [config.server.port, "http"],
      [config.metrics.port, "metrics"],
    ])
  })

  it("mount the ConfigMap where the image's CMD reads its config, and no volume claim", () => {
    const volume = pod.volumes?.find((v) => v.configMap?.name === configMap.metadata.name)
    const mount = container.volumeMounts?.find((m) => m.name === volume?.name)
    expect(`${mount?.mountPath}/${CONFIG_KEY}`).toBe("/etc/mlskit/mlskit.toml")
    expect(pod.volumes?.filter((v) => v.persistentVolumeClaim)).toEqual([])
    expect(config.shutdown.snapshot).not.toBe("on")
  })

  it("give the pod longer to stop than the preStop sleep plus drain delay plus shutdown timeout", () => {
    const budgetMs =
      preStopDelayMs(container) + config.shutdown.drainDelayMs + config.shutdown.timeoutMs
    expect(preStopDelayMs(container)).toBeGreaterThan(0)
    expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(budgetMs)
  })

  it("keep the single-replica security context, service links off, and Prometheus annotations", () => {
    const singlePod = only<Deployment>(single, "Deployment").spec.template.spec
    expect(pod.securityContext).toEqual(singlePod.securityContext)
    expect(container.securityContext).toEqual(singlePod.containers[0]?.securityContext)
    expect(deployment.spec.template.metadata.annotations).toMatchObject({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": String(config.metrics.port),
      "prometheus.io/path": config.metrics.path,
    })
  })

  it("run every workload as non-root on a read-only root filesystem, without service links", () => {
    for (const w of workloads) {
      const spec: PodSpec = w.spec.template.spec
      expect(spec.securityContext?.runAsNonRoot, w.metadata.name).toBe(true)
      expect(spec.enableServiceLinks, w.metadata.name).toBe(false)
      for (const c of spec.containers)
        expect(c.securityContext, c.name).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        })
    }
  })
})
