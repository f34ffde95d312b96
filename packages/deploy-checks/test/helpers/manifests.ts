/**
 * The Kubernetes manifests of deploy/kubernetes, parsed, with typed access
 * to the few fields the checks read.
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

export interface Container {
  name: string
  image: string
  command?: string[]
  args?: string[]
  ports?: { name?: string; containerPort: number }[]
  env?: {
    name: string
    value?: string
    valueFrom?: { secretKeyRef?: { name: string; key: string } }
  }[]
  livenessProbe?: HttpProbe
  readinessProbe?: HttpProbe
  startupProbe?: HttpProbe
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
    strategy?: { type?: string }
    selector: { matchLabels: Record<string, string> }
    template: {
      metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }
      spec: PodSpec
    }
  }
}

export interface Service extends K8sObject {
  spec: {
    selector: Record<string, string>
    ports: { name?: string; port: number; targetPort?: number | string }[]
  }
}

/** Paths of every manifest file. */
export function manifestFiles(): string[] {
  const dir = deployPath("kubernetes")
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`)
}

/** Every document of every manifest file; throws on a YAML error. */
export function loadManifests(): K8sObject[] {
  return manifestFiles().flatMap((file) =>
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
