/** Runs `dist/main.js` as a child process and reads where it listens from its output. */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The built CLI. */
export const MAIN_JS = fileURLToPath(new URL("../dist/main.js", import.meta.url))

/** A running server process. */
export interface ServerProcess {
  child: ChildProcess
  url: string
  metricsUrl: string
  /** Everything it printed so far. */
  output(): string
  /** Resolves with the exit code (or the signal name) once it exits. */
  exited: Promise<number | string>
}

/** Start `mlskit-server --config <file>` and wait until it has printed its URLs and admin token source. */
export async function startServerProcess(
  configFile: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN_JS, "--config", configFile], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown"))
  })
  const urls = new Promise<{ url: string; metricsUrl: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8")
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      const metricsUrl = /metrics on (http:\/\/\S+)/.exec(output)?.[1]
      // The admin token line is printed last.
      if (url && metricsUrl && /admin token (in|from) /.test(output)) resolve({ url, metricsUrl })
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", onData)
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening:\n${output}`)),
    )
  })
  return { child, ...(await urls), output: () => output, exited }
}

/** Run `mlskit-server --config <file>` until it exits on its own (killed after 20 s); its exit code and output. */
export function runServerToExit(
  configFile: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [MAIN_JS, "--config", configFile], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8")
  }
  child.stdout?.on("data", collect)
  child.stderr?.on("data", collect)
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000)
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}
