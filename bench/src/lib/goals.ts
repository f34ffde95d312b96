/**
 * Goals are ratios measured in the same run. A missed goal is reported as
 * FAIL in the table and the JSON; it never fails the process.
 */

/** One goal with its measured value. */
export interface Goal {
  id: string
  description: string
  measured: number
  comparison: ">=" | "<="
  target: number
  unit: string
  pass: boolean
}

/** Build a goal and decide pass/fail. */
export function goal(
  id: string,
  description: string,
  measured: number,
  comparison: ">=" | "<=",
  target: number,
  unit = "×",
): Goal {
  const pass = comparison === ">=" ? measured >= target : measured <= target
  return { id, description, measured, comparison, target, unit, pass }
}

/** "PASS  crypto-node encrypt ...: 6.12× (goal >= 5×)". */
export function formatGoal(g: Goal): string {
  const value = (x: number) =>
    `${Number.isFinite(x) ? Number(x.toPrecision(3)) : String(x)}${g.unit}`
  return `${g.pass ? "PASS" : "FAIL"}  ${g.description}: ${value(g.measured)} (goal ${g.comparison} ${value(g.target)})`
}
