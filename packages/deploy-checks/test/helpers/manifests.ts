/**
 * The Kubernetes manifests of deploy/kubernetes (and of its replicated/
 * variant), parsed, with typed access to the few fields the checks read.
 */
import { readdirSync, readFileSync } from "node:fs"
import { parseAllDocuments } from "yaml"
import { deployPath } from "../../src/repo-paths.js"

export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  spec?: unknown
  data?: Record<string, string>
  stringData?: Record<string, string>
}

export interface HttpProbe {
  httpGet?: { path: string; port: number | string }
}

/** A probe of any handler, with the timing fields the checks read. */
export interface Probe extends HttpProbe {
  exec?: { command: string[] }
  periodSeconds?: number
  failureThreshold?: number
}

export interface Container {
  name: string
  image: string
  command?: string[]
  args?: string[]
  ports?: { name?: string; containerPort: number }[]
  env?: {
    name: string
    value?: string
    valueFrom?: {
      secretKeyRef?: { name: string; key: string }
      fieldRef?: { fieldPath: string }
    }
  }[]
  livenessProbe?: Probe
  readinessProbe?: Probe
  startupProbe?: Probe
  lifecycle?: {
    preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } }
  }
  securityContext?: {
    runAsNonRoot?: boolean
    runAsUser?: number
    readOnlyRootFilesystem?: boolean
    allowPrivilegeEscalation?: boolean
  }
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[]
}

export interface PodSpec {
  terminationGracePeriodSeconds?: number
  enableServiceLinks?: boolean
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; fsGroup?: number }
  containers: Container[]
  volumes?: {
    name: string
    configMap?: { name: string }
    persistentVolumeClaim?: { claimName: string }
    emptyDir?: object
  }[]
}

export interface Deployment extends K8sObject {
  spec: {
    replicas?: number
    strategy?: {
      type?: string
      rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string }
    }
    selector: { matchLabels: Record<string, string> }
    template: {
      metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }
      spec: PodSpec
    }
  }
}

export interface StatefulSet extends K8sObject {
  spec: {
    serviceName: string
    replicas?: number
    selector: { matchLabels: Record<string, string> }
    template: { metadata: { labels?: Record<string, string> }; spec: PodSpec }
    volumeClaimTemplates?: {
      metadata: { name: string }
      spec: { accessModes: string[]; resources: { requests: { storage: string } } }
    }[]
  }
}

export interface PodDisruptionBudget extends K8sObject {
  spec: {
    minAvailable?: number | string
    maxUnavailable?: number | string
    selector: { matchLabels: Record<string, string> }
  }
}

export interface Service extends K8sObject {
  spec: {
    clusterIP?: string
    selector: Record<string, string>
    ports: { name?: string; port: number; targetPort?: number | string }[]
  }
}

/** The single-replica manifests (SQLite). */
export const SINGLE_REPLICA_DIR = deployPath("kubernetes")

/** The manifests for several replicas (PostgreSQL and NATS). */
export const REPLICATED_DIR = deployPath("kubernetes", "replicated")

/** Paths of every manifest file directly in `dir` (subdirectories are other variants). */
export function manifestFiles(dir: string = SINGLE_REPLICA_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`)
}

/** Every document of every manifest file in `dir`; throws on a YAML error. */
export function loadManifests(dir: string = SINGLE_REPLICA_DIR): K8sObject[] {
  return manifestFiles(dir).flatMap((file) =>
    parseAllDocuments(readFileSync(file, "utf8")).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`)
      return doc.toJS() as K8sObject
    }),
  )
}

/** The one object of `kind`; throws unless there is exactly one. */
export function only<T extends K8sObject>(objects: K8sObject[], kind: string): T {
  const found = objects.filter((o) => o.kind === kind)
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`)
  return found[0] as T
}

/** The object of `kind` called `name`; throws when there is none. */
export function named<T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name)
  if (!found) throw new Error(`no ${kind} named ${name}`)
  return found as T
}

/** Milliseconds between the start of termination and SIGTERM. */
export function preStopDelayMs(c: Container): number {
  const preStop = c.lifecycle?.preStop
  if (preStop?.sleep) return preStop.sleep.seconds * 1000
  const command = preStop?.exec?.command ?? []
  if (command[0] === "sleep") return Number(command[1]) * 1000
  return 0
}
