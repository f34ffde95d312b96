/** Plain-text tables for the console: a title, a header row and aligned columns. */

/** A table ready to print; cells are already formatted. */
export interface PrintTable {
  title: string
  columns: string[]
  rows: string[][]
}

/** Render a table: text columns left-aligned, columns that look numeric right-aligned. */
export function renderTable(table: PrintTable): string {
  const widths = table.columns.map((c, i) =>
    Math.max(c.length, ...table.rows.map((r) => (r[i] ?? "").length)),
  )
  const numeric = table.columns.map((_, i) =>
    table.rows.every((r) => /^[-+]?[\d.,]+|^-$/.test(r[i] ?? "-")),
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd()
  const rule = widths.map((w) => "-".repeat(w)).join("  ")
  return [`## ${table.title}`, "", line(table.columns), rule, ...table.rows.map(line), ""].join(
    "\n",
  )
}
