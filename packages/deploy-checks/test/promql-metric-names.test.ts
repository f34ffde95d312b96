import { describe, expect, it } from "vitest"
import { metricNamesIn } from "../src/promql-metric-names.js"

describe("metricNamesIn", () => {
  it("finds a bare selector and one with matchers", () => {
    expect(metricNamesIn('up{job="mlskit"} == 0')).toEqual(["up"])
    expect(metricNamesIn("mls_active_groups")).toEqual(["mls_active_groups"])
  })

  it("skips functions, aggregations, grouping labels and ranges", () => {
    const expr =
      "histogram_quantile(0.95, sum by (job, le) (rate(mls_send_message_duration_ms_bucket[5m])))"
    expect(metricNamesIn(expr)).toEqual(["mls_send_message_duration_ms_bucket"])
  })

  it("skips a trailing by clause and vector matching keywords", () => {
    const expr =
      "sum(rate(a_total[5m])) by (job) / on (job, operation) group_left (code) b:c:rate5m or vector(0)"
    expect(metricNamesIn(expr)).toEqual(["a_total", "b:c:rate5m"])
  })

  it("reads recording-rule names with colons and ignores label values and strings", () => {
    const expr =
      'label_replace(job:mls_x:rate5m{operation=~"send_message|join"}, "op", "$1", "operation", "(.*)")'
    expect(metricNamesIn(expr)).toEqual(["job:mls_x:rate5m"])
  })

  it("ignores numbers, durations, offsets, bool and Grafana variables", () => {
    const expr = 'rate(x_total{job=~"$job"}[$__rate_interval] offset 5m) > bool 1e3 + 2'
    expect(metricNamesIn(expr)).toEqual(["x_total"])
  })

  it("reads an exact __name__ matcher and flags a regex one", () => {
    expect(metricNamesIn('{__name__="up", job="a"}')).toEqual(["up"])
    expect(metricNamesIn('{__name__=~"mls_.+"}')).toEqual(['{__name__=~"mls_.+"}'])
  })

  it("finds every name in a multi-line expression with comments", () => {
    const expr = "(\n  a # b_total is only a comment\n  / c\n)\nunless d"
    expect(metricNamesIn(expr)).toEqual(["a", "c", "d"])
  })
})
