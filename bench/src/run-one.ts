/**
 * Child entry of `run-all`: runs the one benchmark named in argv[2], sending
 * heartbeats and finally the path of its JSON result to the parent.
 */
import { BENCHMARKS } from "./benchmarks/index.js"
import type { ChildMessage } from "./lib/child-runner.js"
import { benchOptions } from "./lib/options.js"
import { runBenchmark } from "./lib/runner.js"

const send = (message: ChildMessage) => process.send?.(message)
const benchmark = BENCHMARKS.find((b) => b.name === process.argv[2])
if (!benchmark) {
  console.error(`unknown benchmark ${process.argv[2]}`)
  process.exit(2)
}
const beat = setInterval(() => send({ type: "beat" }), 5000)
const { file } = await runBenchmark(benchmark, benchOptions())
clearInterval(beat)
send({ type: "done", file })
process.disconnect?.()
