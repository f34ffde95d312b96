/**
 * In-process CPU profiling through `node:inspector` (the V8 sampling
 * profiler), aggregated to self time per function.
 */
import { Session } from "node:inspector/promises"
import { basename } from "node:path"

/** Self time of one function (name and location), summed over all its call sites. */
export interface FunctionSelfTime {
  function: string
  location: string
  selfMs: number
  /** Share of the profiled time, idle excluded. */
  share: number
  /**
   * Where the time was spent from: the nearest callers outside node's
   * internals ("getGroup [@mlskit/core] < epochSeal [@mlskit/delivery]"),
   * largest first, at most three. An async function resumed after an await
   * shows as called from where it resumed, not from its original caller.
   */
  callers: { chain: string; selfMs: number }[]
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples?: number[]
  timeDeltas?: number[]
}

/** Run `body` under the sampling profiler and return self time per function, largest first. */
export async function profileSelfTime(
  body: () => Promise<void>,
  samplingIntervalUs = 100,
): Promise<{ functions: FunctionSelfTime[]; totalMs: number }> {
  const session = new Session()
  session.connect()
  try {
    await session.post("Profiler.enable")
    await session.post("Profiler.setSamplingInterval", { interval: samplingIntervalUs })
    await session.post("Profiler.start")
    let stopped: { profile: Profile } | undefined
    try {
      await body()
    } finally {
      stopped = (await session.post("Profiler.stop")) as { profile: Profile }
    }
    return aggregate(stopped.profile)
  } finally {
    session.disconnect()
  }
}

function aggregate(profile: Profile): { functions: FunctionSelfTime[]; totalMs: number } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parents = new Map<number, ProfileNode>()
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n)
  // A native frame (an OpenSSL job, a builtin) is named after its first caller outside node's internals.
  const callerOf = (node: ProfileNode): string => {
    for (let p = parents.get(node.id); p; p = parents.get(p.id)) {
      const { url, functionName, lineNumber } = p.callFrame
      if (url && !url.startsWith("node:"))
        return `from ${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`
    }
    return "native"
  }
  const chains = new Map<number, string>()
  const chainOf = (node: ProfileNode): string => {
    let chain = chains.get(node.id)
    if (chain === undefined) {
      chain = callerChain(node, parents)
      chains.set(node.id, chain)
    }
    return chain
  }
  const self = new Map<
    string,
    { function: string; location: string; us: number; callers: Map<string, number> }
  >()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  let totalUs = 0
  for (let i = 0; i < samples.length; i++) {
    const node = nodes.get(samples[i] ?? -1)
    // A sample's time is the gap until the next sample.
    const us = deltas[i + 1] ?? 0
    if (!node || node.callFrame.functionName === "(idle)") continue
    const { functionName, url, lineNumber } = node.callFrame
    const name = functionName || "(anonymous)"
    const location = url
      ? `${shortUrl(url)}:${lineNumber + 1}`
      : name.startsWith("(")
        ? ""
        : `(native, ${callerOf(node)})`
    const key = `${name}@${location}`
    const entry = self.get(key) ?? { function: name, location, us: 0, callers: new Map() }
    entry.us += us
    const chain = chainOf(node)
    entry.callers.set(chain, (entry.callers.get(chain) ?? 0) + us)
    self.set(key, entry)
    totalUs += us
  }
  const functions = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .map((e) => ({
      function: e.function,
      location: e.location,
      selfMs: e.us / 1000,
      share: totalUs > 0 ? e.us / totalUs : 0,
      callers: [...e.callers]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([chain, us]) => ({ chain, selfMs: us / 1000 })),
    }))
  return { functions, totalMs: totalUs / 1000 }
}

/**
 * Self times of several profiled runs of the same work (chunks of a loop)
 * as one: summed per function and per caller chain, shares recomputed.
 */
export function mergeSelfTimes(
  runs: readonly { functions: FunctionSelfTime[]; totalMs: number }[],
): { functions: FunctionSelfTime[]; totalMs: number } {
  const merged = new Map<string, { f: FunctionSelfTime; callers: Map<string, number> }>()
  let totalMs = 0
  for (const run of runs) {
    totalMs += run.totalMs
    for (const f of run.functions) {
      const key = `${f.function}@${f.location}`
      const entry = merged.get(key) ?? { f: { ...f, selfMs: 0, callers: [] }, callers: new Map() }
      entry.f.selfMs += f.selfMs
      for (const c of f.callers)
        entry.callers.set(c.chain, (entry.callers.get(c.chain) ?? 0) + c.selfMs)
      merged.set(key, entry)
    }
  }
  const functions = [...merged.values()]
    .map(({ f, callers }) => ({
      ...f,
      share: totalMs > 0 ? f.selfMs / totalMs : 0,
      callers: [...callers]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([chain, selfMs]) => ({ chain, selfMs })),
    }))
    .sort((a, b) => b.selfMs - a.selfMs)
  return { functions, totalMs }
}

/** Frames of a caller chain: enough to tell who asked for the work. */
const CHAIN_FRAMES = 4

/** The nearest named callers of a node outside node's internals, "a [pkg] < b [pkg]". */
function callerChain(node: ProfileNode, parents: Map<number, ProfileNode>): string {
  const frames: string[] = []
  for (let p = parents.get(node.id); p && frames.length < CHAIN_FRAMES; p = parents.get(p.id)) {
    const { url, functionName } = p.callFrame
    // Anonymous frames (closures inside a store's run or transaction) say little.
    if (!url || url.startsWith("node:") || !functionName) continue
    frames.push(`${functionName || "(anonymous)"} [${packageOf(shortUrl(url))}]`)
  }
  return frames.length > 0 ? frames.join(" < ") : "(no JS caller)"
}

/** "@mlskit/core" of "@mlskit/core/dist/index.js", "ts-mls" of "ts-mls/dist/...". */
function packageOf(location: string): string {
  const parts = location.split("/")
  return location.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? location)
}

/** "ts-mls/dist/src/codec/tlsEncoder.js" rather than the full file URL. */
function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, "")
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(
    path,
  )
  if (pkg) return `${pkg[1]}/${pkg[2]}`
  const ws = /\/packages\/([^/]+)\/(.*)$/.exec(path)
  if (ws) return `@mlskit/${ws[1]}/${ws[2]}`
  return path.startsWith("node:") ? path : basename(path)
}
