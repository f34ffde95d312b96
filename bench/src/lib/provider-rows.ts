/**
 * Rows of the provider comparison: one operation measured on both providers
 * and on OpenMLS, with the speed-up, each result's ratio to the raw
 * node:crypto floor and crypto-node's ratio to OpenMLS.
 */
import { fmtBytes, fmtMs, fmtRate, fmtRatio } from "./format.js"
import type { NamedProvider } from "./providers.js"
import type { RawFloor } from "./raw-floor.js"
import type { Stats } from "./stats.js"
import type { PrintTable } from "./table.js"

/** Which lane measured a result: a provider through MlsClient, or OpenMLS. */
export type LaneKey = NamedProvider["key"] | "openmls"

/** One operation on both providers and OpenMLS. */
export interface ProviderRow {
  operation: string
  members: number | null
  bytes: number | null
  /** Which floor the ratio uses: sending side, receiving side, or none. */
  floor: "send" | "receive"
  /** Size of the owner's sealed group state when the row was measured. */
  stateBytes: number | null
  default?: Stats
  cryptoNode?: Stats
  /** The same operation through @mlskit/openmls-harness (core-crypto's WASM build). */
  openmls?: Stats
  /** default median / crypto-node median. */
  speedup?: number
  defaultVsFloor?: number
  cryptoNodeVsFloor?: number
  /** crypto-node median / OpenMLS median (below 1: crypto-node is faster). */
  cryptoNodeVsOpenMls?: number
}

/** Collects rows and computes the ratios. */
export class ProviderTable {
  readonly rows: ProviderRow[] = []

  constructor(private readonly floor: RawFloor) {}

  /** Record `stats` of a lane for an operation (creating the row on first use). */
  add(
    provider: { key: LaneKey },
    operation: string,
    members: number | null,
    bytes: number | null,
    floor: ProviderRow["floor"],
    stats: Stats,
    stateBytes: number | null = null,
  ): void {
    let row = this.rows.find(
      (r) => r.operation === operation && r.members === members && r.bytes === bytes,
    )
    if (!row) {
      row = { operation, members, bytes, floor, stateBytes }
      this.rows.push(row)
    }
    row[provider.key] = stats
    if (stateBytes !== null) row.stateBytes = Math.max(row.stateBytes ?? 0, stateBytes)
    const floorMs = (floor === "send" ? this.floor.send : this.floor.receive).medianMs
    if (row.default) row.defaultVsFloor = row.default.medianMs / floorMs
    if (row.cryptoNode) row.cryptoNodeVsFloor = row.cryptoNode.medianMs / floorMs
    if (row.default && row.cryptoNode) row.speedup = row.default.medianMs / row.cryptoNode.medianMs
    if (row.cryptoNode && row.openmls)
      row.cryptoNodeVsOpenMls = row.cryptoNode.medianMs / row.openmls.medianMs
  }

  /** Find a row. */
  get(operation: string, members: number | null, bytes: number | null): ProviderRow | undefined {
    return this.rows.find(
      (r) => r.operation === operation && r.members === members && r.bytes === bytes,
    )
  }

  /** The printable table, floor rows first. */
  print(title: string): PrintTable {
    const floorRow = (label: string, s: Stats): string[] => [
      label,
      "-",
      "1.0 KiB",
      "-",
      String(s.n),
      "-",
      "-",
      fmtMs(s.medianMs),
      fmtRate(s.opsPerSec),
      "-",
      "-",
      "1.00×",
      "-",
      "-",
    ]
    const n = (r: ProviderRow) =>
      r.default?.n === r.cryptoNode?.n
        ? String(r.default?.n ?? "-")
        : `${r.default?.n ?? "-"}/${r.cryptoNode?.n ?? "-"}`
    return {
      title,
      columns: [
        "operation",
        "members",
        "size",
        "state",
        "n",
        "default",
        "ops/s",
        "crypto-node",
        "ops/s",
        "speed-up",
        "def/floor",
        "cn/floor",
        "OpenMLS",
        "cn/OpenMLS",
      ],
      rows: [
        floorRow("raw node:crypto floor, send", this.floor.send),
        floorRow("raw node:crypto floor, receive", this.floor.receive),
        ...this.rows.map((r) => [
          r.operation,
          r.members === null ? "-" : String(r.members),
          r.bytes === null ? "-" : fmtBytes(r.bytes),
          r.stateBytes === null ? "-" : fmtBytes(r.stateBytes),
          n(r),
          fmtMs(r.default?.medianMs),
          fmtRate(r.default?.opsPerSec),
          fmtMs(r.cryptoNode?.medianMs),
          fmtRate(r.cryptoNode?.opsPerSec),
          fmtRatio(r.speedup),
          fmtRatio(r.defaultVsFloor),
          fmtRatio(r.cryptoNodeVsFloor),
          fmtMs(r.openmls?.medianMs),
          fmtRatio(r.cryptoNodeVsOpenMls),
        ]),
      ],
    }
  }
}
