/**
 * Runs one benchmark in a child process (`run-one.js`), so each starts on a
 * fresh heap and a hung benchmark cannot stop the others. The child sends a
 * heartbeat every few seconds; if none arrives for `stallMs` the child is
 * killed and the benchmark reported as stalled.
 */
import { fork } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** How a child run ended. */
export type ChildOutcome =
  | { status: "done"; file: string }
  | { status: "failed"; reason: string }
  | { status: "stalled"; reason: string }

/** Messages a child sends to its parent. */
export type ChildMessage = { type: "beat" } | { type: "done"; file: string }

const RUN_ONE = fileURLToPath(new URL("./run-one.js", import.meta.url))

/** Run benchmark `name` in a child node with --expose-gc; the child inherits stdout and stderr. */
export function runInChild(name: string, stallMs: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = fork(RUN_ONE, [name], { execArgv: ["--expose-gc"], stdio: "inherit" })
    let file: string | undefined
    let stalled: string | undefined
    let timer = setTimeout(onStall, stallMs)
    function onStall() {
      stalled = `no heartbeat for ${stallMs / 1000} s${waitChannel(child.pid)}; killed`
      child.kill("SIGKILL")
    }
    child.on("message", (message: ChildMessage) => {
      clearTimeout(timer)
      timer = setTimeout(onStall, stallMs)
      if (message.type === "done") file = message.file
    })
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      if (stalled)
        resolve({ status: "stalled", reason: `no heartbeat for ${stallMs / 1000} s; killed` })
      else if (code === 0 && file) resolve({ status: "done", file })
      else resolve({ status: "failed", reason: `exited with ${signal ?? `code ${code}`}` })
    })
  })
}

/** Where a stalled child's main thread sleeps (Linux): "futex_do_wait" means a lock, not a busy loop. */
function waitChannel(pid: number | undefined): string {
  try {
    const wchan = readFileSync(`/proc/${pid}/wchan`, "utf8").trim()
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[0]
    return `, main thread state ${state} in ${wchan || "?"}`
  } catch {
    return ""
  }
}
