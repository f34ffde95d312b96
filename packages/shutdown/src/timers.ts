/**
 * Bounded waiting for the coordinator. Use `within` when a phase must wait
 * at most some time for a promise, and clean up its timer either way.
 */

/** Resolves with `"done"` when `promise` settles or `"timeout"` after `ms`, whichever is first. */
export async function within(promise: Promise<unknown>, ms: number): Promise<"done" | "timeout"> {
  if (ms <= 0) return "timeout"
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms)
  })
  try {
    return await Promise.race([promise.then(() => "done" as const), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Resolves after `ms` (at once when `ms` is not positive). */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve) => setTimeout(resolve, ms))
}
