/** Bounded polling of several named conditions at once, for checks against a live Prometheus. */

/**
 * Check every condition until all have held once or `timeoutMs` has passed;
 * returns the names of those that never held. A condition that throws fails
 * the whole poll (a query error is a bug, not a delay).
 */
export async function namesNeverHolding(
  conditions: Map<string, () => Promise<boolean>>,
  timeoutMs = 60_000,
  intervalMs = 500,
): Promise<string[]> {
  const pending = new Map(conditions)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    for (const [name, holds] of pending) if (await holds()) pending.delete(name)
    if (pending.size === 0 || Date.now() > deadline) return [...pending.keys()]
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
