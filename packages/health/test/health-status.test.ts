import { describe, expect, it } from "vitest"
import { HealthStatus, isHealthStatus, statusToGauge, worstStatus } from "../src/index.js"

describe("HealthStatus", () => {
  it("has the string values healthy, degraded and unhealthy", () => {
    expect(HealthStatus).toEqual({
      Healthy: "healthy",
      Degraded: "degraded",
      Unhealthy: "unhealthy",
    })
  })

  it("maps to the gauge values 0, 1 and 2", () => {
    expect(statusToGauge(HealthStatus.Healthy)).toBe(0)
    expect(statusToGauge(HealthStatus.Degraded)).toBe(1)
    expect(statusToGauge(HealthStatus.Unhealthy)).toBe(2)
  })

  it("aggregates to the worst status, and to healthy when there is nothing", () => {
    expect(worstStatus([])).toBe("healthy")
    expect(worstStatus(["healthy", "degraded", "healthy"])).toBe("degraded")
    expect(worstStatus(["degraded", "unhealthy", "healthy"])).toBe("unhealthy")
  })

  it("recognises only the three status strings", () => {
    expect(["healthy", "degraded", "unhealthy"].every(isHealthStatus)).toBe(true)
    expect(isHealthStatus("ok")).toBe(false)
    expect(isHealthStatus("hasOwnProperty")).toBe(false)
    expect(isHealthStatus(2)).toBe(false)
  })
})
