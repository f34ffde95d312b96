import { loadServerConfig, SERVER_CONFIG_KEYS, type ServerConfig } from "@mlskit/server"
import { envVarFor } from "@mlskit/service"
import { describe, expect, it } from "vitest"
import {
  type Container,
  type Deployment,
  type HttpProbe,
  type K8sObject,
  loadManifests,
  only,
  preStopDelayMs,
  type Service,
} from "./helpers/manifests.js"

const objects = loadManifests()
const deployment = only<Deployment>(objects, "Deployment")
const service = only<Service>(objects, "Service")
const configMap = only(objects, "ConfigMap")
const secret = only(objects, "Secret")
const pvc = only(objects, "PersistentVolumeClaim")
const pod = deployment.spec.template.spec
const container = pod.containers[0] as Container
const CONFIG_KEY = "mlskit.toml"
// env: {} so the developer's own MLSKIT_* variables cannot change what is checked.
const config: ServerConfig = loadServerConfig({
  toml: configMap.data?.[CONFIG_KEY] ?? "",
  env: {},
})

const portNamed = (name: string) => container.ports?.find((p) => p.name === name)?.containerPort
const probeTarget = (probe: HttpProbe | undefined) => {
  const port = probe?.httpGet?.port
  return { path: probe?.httpGet?.path, port: typeof port === "string" ? portNamed(port) : port }
}
const mountOf = (volume: string) => container.volumeMounts?.find((m) => m.name === volume)
const volumeWhere = (pick: (v: NonNullable<typeof pod.volumes>[number]) => unknown) =>
  pod.volumes?.find((v) => pick(v))?.name ?? ""

describe("deploy/kubernetes manifests", () => {
  it("parse as YAML into a Deployment, Service, ConfigMap, Secret and PersistentVolumeClaim", () => {
    expect(objects.map((o: K8sObject) => o.kind).sort()).toEqual(
      ["ConfigMap", "Deployment", "PersistentVolumeClaim", "Secret", "Service"].sort(),
    )
    for (const o of objects) expect(o.metadata.labels?.["app.kubernetes.io/name"]).toBe("mlskit")
  })

  it("configure the server with a TOML the service accepts, listening on all interfaces", () => {
    expect(config.server.host).toBe("0.0.0.0")
    expect(config.metrics.host).toBe("0.0.0.0")
    expect(config.metrics.enabled).toBe(true)
  })

  it("mount the ConfigMap where the image's CMD reads its config", () => {
    const mount = mountOf(volumeWhere((v) => v.configMap?.name === configMap.metadata.name))
    expect(`${mount?.mountPath}/${CONFIG_KEY}`).toBe("/etc/mlskit/mlskit.toml")
  })

  it("expose the server's HTTP and metrics ports under the names http and metrics", () => {
    expect(portNamed("http")).toBe(config.server.port)
    expect(portNamed("metrics")).toBe(config.metrics.port)
  })

  it("probe liveness at /health/live and readiness at /health/ready on the HTTP port", () => {
    expect(probeTarget(container.livenessProbe)).toEqual({
      path: "/health/live",
      port: config.server.port,
    })
    expect(probeTarget(container.readinessProbe)).toEqual({
      path: "/health/ready",
      port: config.server.port,
    })
    expect(probeTarget(container.startupProbe)).toEqual({
      path: "/health/live",
      port: config.server.port,
    })
  })

  it("annotate the pod for Prometheus with the metrics port and path", () => {
    expect(deployment.spec.template.metadata.annotations).toMatchObject({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": String(config.metrics.port),
      "prometheus.io/path": config.metrics.path,
    })
  })

  it("set only environment variables that override real config keys", () => {
    const valid = new Set(SERVER_CONFIG_KEYS.map(envVarFor))
    const names = (container.env ?? []).map((e) => e.name)
    expect(names).toEqual(
      expect.arrayContaining(["MLSKIT_STORAGE_STATE_KEY", "MLSKIT_AUTH_ADMIN_TOKEN"]),
    )
    for (const name of names.filter((n) => n.startsWith("MLSKIT_")))
      expect(valid.has(name), name).toBe(true)
  })

  it("take the state key and admin token from keys the Secret has", () => {
    const refs = (container.env ?? []).flatMap((e) => e.valueFrom?.secretKeyRef ?? [])
    expect(refs.length).toBe(2)
    for (const ref of refs) {
      expect(ref.name).toBe(secret.metadata.name)
      expect(Object.keys(secret.stringData ?? secret.data ?? {})).toContain(ref.key)
    }
    expect(configMap.data?.[CONFIG_KEY]).not.toMatch(/state_key|admin_token/)
  })

  it("turn off service links, whose MLSKIT_* variables could override config keys", () => {
    expect(pod.enableServiceLinks).toBe(false)
  })

  it("give the pod longer to stop than the preStop sleep plus drain delay plus shutdown timeout", () => {
    const budgetMs =
      preStopDelayMs(container) + config.shutdown.drainDelayMs + config.shutdown.timeoutMs
    expect(preStopDelayMs(container)).toBeGreaterThan(0)
    expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(budgetMs)
  })

  it("keep the SQLite data directory on the PersistentVolumeClaim, writable", () => {
    expect(config.storage.driver).toBe("sqlite")
    const mount = mountOf(
      volumeWhere((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name),
    )
    expect(mount?.mountPath).toBe(config.storage.dataDir)
    expect(mount?.readOnly ?? false).toBe(false)
  })

  it("run one SQLite writer: one replica, replaced with Recreate rather than a rolling update", () => {
    expect(deployment.spec.replicas).toBe(1)
    expect(deployment.spec.strategy?.type).toBe("Recreate")
  })

  it("run as a non-root user on a read-only root filesystem", () => {
    expect(pod.securityContext?.runAsNonRoot).toBe(true)
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0)
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    })
  })

  it("select the pod from the Deployment and the Service, and route the Service to named ports", () => {
    const labels = deployment.spec.template.metadata.labels ?? {}
    expect(labels).toMatchObject(deployment.spec.selector.matchLabels)
    expect(labels).toMatchObject(service.spec.selector)
    const targets = service.spec.ports.map((p) => [p.port, p.targetPort])
    expect(targets).toEqual([
      [config.server.port, "http"],
      [config.metrics.port, "metrics"],
    ])
  })
})
