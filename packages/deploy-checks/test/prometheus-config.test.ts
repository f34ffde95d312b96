import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { parse as parseYaml } from "yaml"
import { deployPath } from "../src/repo-paths.js"
import { type Deployment, loadManifests, only } from "./helpers/manifests.js"

interface ScrapeConfig {
  job_name: string
  metrics_path?: string
  static_configs?: { targets: string[] }[]
  relabel_configs?: {
    source_labels?: string[]
    regex?: string
    action?: string
    target_label?: string
  }[]
}
interface PrometheusConfig {
  rule_files: string[]
  scrape_configs: ScrapeConfig[]
}

const read = (file: string) =>
  parseYaml(readFileSync(deployPath("prometheus", file), "utf8")) as PrometheusConfig
const local = read("prometheus.yml")
const kubernetes = read("prometheus-kubernetes.yml")
const pod = only<Deployment>(loadManifests(), "Deployment").spec.template.metadata

describe("example Prometheus configurations", () => {
  it("scrape the metrics port and path of the default config as job mlskit, which the alerts select", () => {
    expect(local.scrape_configs).toEqual([
      {
        job_name: "mlskit",
        metrics_path: "/metrics",
        static_configs: [{ targets: ["127.0.0.1:9090"] }],
      },
    ])
    expect(readFileSync(deployPath("prometheus", "alerts.yml"), "utf8")).toContain(
      'up{job="mlskit"}',
    )
  })

  it("load both rule files", () => {
    for (const c of [local, kubernetes])
      expect(c.rule_files).toEqual(["recording-rules.yml", "alerts.yml"])
  })

  // Debian's promtool is built without Kubernetes discovery, so this file is checked by structure.
  it("discover in Kubernetes the pods the Deployment labels and annotates, as job mlskit", () => {
    const [job] = kubernetes.scrape_configs
    expect(job?.job_name).toBe("mlskit")
    const keeps = (job?.relabel_configs ?? []).filter((r) => r.action === "keep")
    const byLabel = keeps.find(
      (r) => r.source_labels?.[0] === "__meta_kubernetes_pod_label_app_kubernetes_io_name",
    )
    expect(byLabel?.regex).toBe(pod.labels?.["app.kubernetes.io/name"])
    const byAnnotation = keeps.find(
      (r) => r.source_labels?.[0] === "__meta_kubernetes_pod_annotation_prometheus_io_scrape",
    )
    expect(byAnnotation?.regex).toBe(pod.annotations?.["prometheus.io/scrape"])
    const targets = (job?.relabel_configs ?? []).map((r) => r.target_label)
    expect(targets).toEqual(expect.arrayContaining(["__metrics_path__", "__address__"]))
  })
})
