/**
 * Finds the metric names a PromQL expression reads, without a full parser:
 * enough to check that dashboards and rules only query series that exist.
 * Label matchers, ranges, strings, functions, aggregations and keywords are
 * skipped; a `__name__` matcher contributes its value (or, for a regex, the
 * raw matcher, which no allowlist contains).
 */

const AGGREGATIONS = new Set([
  "sum",
  "min",
  "max",
  "avg",
  "group",
  "stddev",
  "stdvar",
  "count",
  "count_values",
  "bottomk",
  "topk",
  "quantile",
  "limitk",
  "limit_ratio",
])
const LABEL_LIST_KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
])
const KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"])

const IDENT_START = /[a-zA-Z_:]/
const IDENT_PART = /[a-zA-Z0-9_:]/

/** Metric names read by `expr`, in order of first appearance. */
export function metricNamesIn(expr: string): string[] {
  const names: string[] = []
  const add = (name: string) => {
    if (!names.includes(name)) names.push(name)
  }
  let i = 0
  while (i < expr.length) {
    const c = expr[i]!
    if (c === "#") {
      i = skipPast(expr, i, "\n")
    } else if (c === '"' || c === "'" || c === "`") {
      i = skipString(expr, i)
    } else if (c === "{") {
      const end = skipBracketed(expr, i, "{", "}")
      for (const name of nameMatchers(expr.slice(i + 1, end - 1))) add(name)
      i = end
    } else if (c === "[") {
      i = skipBracketed(expr, i, "[", "]")
    } else if (c === "$") {
      i = skipVariable(expr, i)
    } else if (/[0-9.]/.test(c)) {
      i = skipWhile(expr, i, /[0-9a-zA-Z_.]/)
    } else if (IDENT_START.test(c)) {
      const end = skipWhile(expr, i, IDENT_PART)
      const word = expr.slice(i, end)
      const next = nextNonSpace(expr, end)
      const lower = word.toLowerCase()
      if (LABEL_LIST_KEYWORDS.has(lower)) {
        i = expr[next] === "(" ? skipBracketed(expr, next, "(", ")") : end
        continue
      }
      if (!AGGREGATIONS.has(lower) && !KEYWORDS.has(lower) && expr[next] !== "(") add(word)
      i = end
    } else {
      i++
    }
  }
  return names
}

function nameMatchers(matchers: string): string[] {
  const out: string[] = []
  const re = /__name__\s*(=~|!=|!~|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g
  for (const m of matchers.matchAll(re)) {
    const [, op, quoted] = m
    out.push(op === "=" ? quoted!.slice(1, -1) : `{__name__${op}${quoted}}`)
  }
  return out
}

function skipWhile(s: string, i: number, re: RegExp): number {
  let j = i
  while (j < s.length && re.test(s[j]!)) j++
  return j
}

function skipPast(s: string, i: number, end: string): number {
  const j = s.indexOf(end, i)
  return j === -1 ? s.length : j + end.length
}

function skipString(s: string, i: number): number {
  const quote = s[i]
  let j = i + 1
  while (j < s.length && s[j] !== quote) j += s[j] === "\\" && quote !== "`" ? 2 : 1
  return j + 1
}

function skipBracketed(s: string, i: number, open: string, close: string): number {
  let depth = 0
  let j = i
  while (j < s.length) {
    const c = s[j]!
    if (c === '"' || c === "'" || c === "`") {
      j = skipString(s, j)
      continue
    }
    if (c === open) depth++
    if (c === close && --depth === 0) return j + 1
    j++
  }
  return s.length
}

function skipVariable(s: string, i: number): number {
  if (s[i + 1] === "{") return skipBracketed(s, i + 1, "{", "}")
  return skipWhile(s, i + 1, IDENT_PART)
}

function nextNonSpace(s: string, i: number): number {
  return skipWhile(s, i, /\s/)
}
