import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from "@opentelemetry/api"
import { W3CTraceContextPropagator as ReferencePropagator } from "@opentelemetry/core"
import { describe, expect, it } from "vitest"
import { W3CTraceContextPropagator } from "../src/index.js"

const ours = new W3CTraceContextPropagator()
const reference = new ReferencePropagator()

const T = "4bf92f3577b34da6a3ce929d0e0e4736"
const S = "00f067aa0ba902b7"

const HEADERS: Record<string, string>[] = [
  { traceparent: `00-${T}-${S}-01` },
  { traceparent: `00-${T}-${S}-00` },
  { traceparent: `00-${T}-${S}-09` },
  { traceparent: `00-${T}-${S}-01`, tracestate: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE" },
  { traceparent: ` 00-${T}-${S}-01 ` },
  { traceparent: `01-${T}-${S}-01-what-the-future-holds` },
  { traceparent: `00-${T}-${S}-01-extra` },
  { traceparent: `ff-${T}-${S}-01` },
  { traceparent: `00-${"0".repeat(32)}-${S}-01` },
  { traceparent: `00-${T}-${"0".repeat(16)}-01` },
  { traceparent: `00-${T.toUpperCase()}-${S}-01` },
  { traceparent: `00-${T}-${S}` },
  { traceparent: "" },
  { tracestate: "rojo=1" },
  {},
]

describe("W3CTraceContextPropagator", () => {
  it.each(HEADERS)("extracts %j exactly as @opentelemetry/core does", (headers) => {
    const mine = trace.getSpanContext(ours.extract(ROOT_CONTEXT, headers, defaultTextMapGetter))
    const theirs = trace.getSpanContext(
      reference.extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
    )
    expect(mine === undefined).toBe(theirs === undefined)
    if (mine && theirs) {
      expect({ ...mine, traceState: mine.traceState?.serialize() }).toEqual({
        ...theirs,
        traceState: theirs.traceState?.serialize(),
      })
    }
  })

  it.each([TraceFlags.SAMPLED, TraceFlags.NONE])(
    "injects flags %i as @opentelemetry/core does",
    (traceFlags) => {
      const ctx = trace.setSpanContext(context.active(), { traceId: T, spanId: S, traceFlags })
      const mine: Record<string, string> = {}
      const theirs: Record<string, string> = {}
      ours.inject(ctx, mine, defaultTextMapSetter)
      reference.inject(ctx, theirs, defaultTextMapSetter)
      expect(mine).toEqual(theirs)
      expect(mine.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/)
    },
  )

  it("declares the fields it uses", () => {
    expect(ours.fields()).toEqual(reference.fields())
  })
})
