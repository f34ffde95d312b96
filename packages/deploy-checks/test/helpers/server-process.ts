/**
 * Runs the built reference server (`@mlskit/server`'s `mlskit-server` bin)
 * as a child process, as a container would, and reads where it listens from
 * what it prints.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

const require = createRequire(import.meta.url)

/** Absolute path of the server's `mlskit-server` bin (dist/main.js), which must be built. */
export function serverMainJs(): string {
  const packageJson = require.resolve("@mlskit/server/package.json")
  const { bin } = JSON.parse(readFileSync(packageJson, "utf8")) as { bin: Record<string, string> }
  const main = join(dirname(packageJson), bin["mlskit-server"] ?? "")
  if (!existsSync(main))
    throw new Error(
      `${main} is missing: run pnpm turbo run build --filter=@mlskit/deploy-checks... first`,
    )
  return main
}

/** A running server process. */
export interface ServerProcess {
  /** Base URL of the API, e.g. "http://127.0.0.1:40123". */
  url: string
  /** The metrics endpoint, e.g. "http://127.0.0.1:40124/metrics". */
  metricsUrl: string
  /** Everything it printed so far. */
  output(): string
  /** SIGTERM, then SIGKILL if it has not exited within 20 s; resolves once it has exited. */
  stop(): Promise<void>
}

/**
 * Start `mlskit-server --config <configFile>` with `env` on top of this
 * process's environment minus every MLSKIT_* variable (so a developer's own
 * settings cannot change what a test checks), and wait until it has printed
 * its URLs and where its admin token comes from.
 */
export async function startServerProcess(
  configFile: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("MLSKIT_")),
  )
  const child = spawn(process.execPath, [serverMainJs(), "--config", configFile], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const stop = () => terminate(child, exited)
  try {
    const urls = await new Promise<{ url: string; metricsUrl: string }>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString("utf8")
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
        const metricsUrl = /metrics on (http:\/\/\S+)/.exec(output)?.[1]
        // The admin token line is printed last.
        if (url && metricsUrl && /admin token (in|from) /.test(output)) resolve({ url, metricsUrl })
      }
      child.stdout?.on("data", onData)
      child.stderr?.on("data", onData)
      void exited.then(() =>
        reject(new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${output}`)),
      )
    })
    return { ...urls, output: () => output, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const kill = setTimeout(() => child.kill("SIGKILL"), 20_000)
  child.kill("SIGTERM")
  await exited
  clearTimeout(kill)
}
