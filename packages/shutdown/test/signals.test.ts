import { describe, expect, it, vi } from "vitest"
import { ShutdownCoordinator, signalExitCode } from "../src/index.js"
import { deferred, FakeSignals, never, recordingExit } from "./helpers.js"

describe("ShutdownCoordinator signal handling", () => {
  it("shuts down on SIGTERM and exits with the result's exit code", async () => {
    const signals = new FakeSignals()
    const { exit, codes } = recordingExit()
    const coordinator = new ShutdownCoordinator({ signalSource: signals, exit })
    coordinator.handleSignals()
    signals.emit("SIGTERM")
    const result = await coordinator.shutdown("ignored: already running")
    expect(result.reason).toBe("SIGTERM")
    expect(codes).toEqual([0])
  })

  it("exits non-zero after a signal-triggered shutdown that failed", async () => {
    const signals = new FakeSignals()
    const { exit, codes } = recordingExit()
    const coordinator = new ShutdownCoordinator({
      signalSource: signals,
      exit,
      handleSignals: true,
    })
    coordinator.addHook("db", () => {
      throw new Error("flush failed")
    })
    signals.emit("SIGINT")
    await coordinator.shutdown()
    expect(codes).toEqual([1])
  })

  it("forces exit on a second signal with 128 + the signal number", async () => {
    const signals = new FakeSignals()
    const { exit, codes } = recordingExit()
    const coordinator = new ShutdownCoordinator({
      signalSource: signals,
      exit,
      handleSignals: true,
    })
    coordinator.addHook("hangs", never, { timeoutMs: 50 })
    signals.emit("SIGTERM")
    expect(codes).toEqual([])
    signals.emit("SIGINT")
    expect(codes).toEqual([130])
    expect(signalExitCode("SIGTERM")).toBe(143)
    await coordinator.shutdown()
  })

  it("does not force exit on the first signal during a programmatic shutdown, but exits when done", async () => {
    const signals = new FakeSignals()
    const { exit, codes } = recordingExit()
    const coordinator = new ShutdownCoordinator({
      signalSource: signals,
      exit,
      handleSignals: true,
    })
    const work = deferred()
    void coordinator.track(() => work.promise)
    const done = coordinator.shutdown("fatal error")
    signals.emit("SIGTERM")
    expect(codes).toEqual([])
    work.resolve()
    const result = await done
    expect(result.reason).toBe("fatal error")
    expect(codes).toEqual([0])
  })

  it("does not exit after a programmatic shutdown unless exitOnDone is set", async () => {
    const quiet = recordingExit()
    await new ShutdownCoordinator({ exit: quiet.exit }).shutdown()
    expect(quiet.codes).toEqual([])

    const exiting = recordingExit()
    await new ShutdownCoordinator({ exit: exiting.exit, exitOnDone: true }).shutdown()
    const abandoning = new ShutdownCoordinator({
      exit: exiting.exit,
      exitOnDone: true,
      drainTimeoutMs: 10,
    })
    void abandoning.track(never)
    await abandoning.shutdown()
    expect(exiting.codes).toEqual([0, 1])
  })

  it("never exits when exitOnDone is false, even after a signal", async () => {
    const signals = new FakeSignals()
    const { exit, codes } = recordingExit()
    const coordinator = new ShutdownCoordinator({
      signalSource: signals,
      exit,
      exitOnDone: false,
      handleSignals: ["SIGTERM"],
    })
    signals.emit("SIGTERM")
    await coordinator.shutdown()
    expect(codes).toEqual([])
  })

  it("removes its signal handlers when done, restoring the default signal behaviour", async () => {
    const signals = new FakeSignals()
    const coordinator = new ShutdownCoordinator({
      signalSource: signals,
      exit: recordingExit().exit,
    })
    coordinator.handleSignals()
    expect([signals.count("SIGTERM"), signals.count("SIGINT")]).toEqual([1, 1])
    await coordinator.shutdown()
    expect([signals.count("SIGTERM"), signals.count("SIGINT")]).toEqual([0, 0])
  })

  it("installs no handlers after the shutdown is done, so signals keep their default behaviour", async () => {
    const signals = new FakeSignals()
    const coordinator = new ShutdownCoordinator({ signalSource: signals })
    await coordinator.shutdown()
    coordinator.handleSignals()
    expect(signals.count("SIGTERM")).toBe(0)
  })

  it("removes its handlers with the returned function, and installs them only once", () => {
    const signals = new FakeSignals()
    const coordinator = new ShutdownCoordinator({ signalSource: signals })
    coordinator.handleSignals()
    const remove = coordinator.handleSignals(["SIGTERM", "SIGHUP"])
    expect([signals.count("SIGTERM"), signals.count("SIGINT"), signals.count("SIGHUP")]).toEqual([
      1, 0, 1,
    ])
    remove()
    expect(signals.count("SIGTERM") + signals.count("SIGHUP")).toBe(0)
    const shutdown = vi.spyOn(coordinator, "shutdown")
    signals.emit("SIGTERM")
    expect(shutdown).not.toHaveBeenCalled()
  })
})
