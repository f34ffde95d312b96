/**
 * What a benchmark returns and how a run is written: the printed tables, the
 * machine-readable rows, the goals and notes, plus the machine it ran on.
 */
import { mkdir, writeFile } from "node:fs/promises"
import { cpus, loadavg, totalmem } from "node:os"
import { join } from "node:path"
import type { Goal } from "./goals.js"
import type { PrintTable } from "./table.js"

/** The output of one benchmark script. */
export interface BenchOutput {
  tables: PrintTable[]
  /** Raw rows (numbers unformatted), written to JSON. */
  rows: Record<string, unknown>[]
  goals: Goal[]
  notes: string[]
}

/** The JSON document written to `results/<benchmark>.json`. */
export interface BenchResult extends Omit<BenchOutput, "tables"> {
  benchmark: string
  description: string
  quick: boolean
  startedAt: string
  durationMs: number
  environment: Environment
}

/** The machine and its load, since other processes may share it. */
export interface Environment {
  node: string
  platform: string
  cpus: number
  cpuModel: string
  totalMemoryBytes: number
  loadAverageAtStart: number[]
  loadAverageAtEnd: number[]
}

/** Capture the environment; call `finish` at the end for the closing load average. */
export function environment(): Environment {
  const cpu = cpus()
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? "unknown",
    totalMemoryBytes: totalmem(),
    loadAverageAtStart: loadavg(),
    loadAverageAtEnd: [],
  }
}

/** Write a result as pretty JSON; returns the file path. */
export async function writeResult(dir: string, result: BenchResult): Promise<string> {
  await mkdir(dir, { recursive: true })
  const file = join(dir, `${result.benchmark}.json`)
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
  return file
}
