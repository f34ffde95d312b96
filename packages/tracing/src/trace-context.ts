/**
 * Carry trace context across process boundaries: inject it into outgoing
 * HTTP headers, broker headers or message envelopes, and continue the trace
 * from them on the other side. Uses the application's global propagator
 * when one is registered, and @opentelemetry/core's W3C Trace Context
 * propagator otherwise.
 */
import { type Context, context, propagation, type TextMapPropagator } from "@opentelemetry/api"
import { W3CTraceContextPropagator } from "@opentelemetry/core"
import { carrierGetter, carrierSetter, type TraceCarrier } from "./trace-carrier.js"

/** Options of the propagation helpers. */
export interface PropagationOptions {
  /** Propagator to use instead of the global one (or the W3C fallback). */
  propagator?: TextMapPropagator
}

const w3c = new W3CTraceContextPropagator()

/** The propagator the helpers use: explicit, else the registered global one, else W3C. */
export function activePropagator(options: PropagationOptions = {}): TextMapPropagator {
  if (options.propagator) return options.propagator
  return propagation.fields().length > 0 ? propagation : w3c
}

/** Writes the trace context of `ctx` (default: the active one) into `carrier` and returns it. Never throws. */
export function injectTraceContext<C extends TraceCarrier>(
  carrier: C,
  ctx: Context = context.active(),
  options: PropagationOptions = {},
): C {
  try {
    activePropagator(options).inject(ctx, carrier, carrierSetter)
  } catch {
    // Losing a trace link must never fail the message it travels with.
  }
  return carrier
}

/** The context continuing the trace found in `carrier`, on top of `base` (default: active). Never throws. */
export function extractTraceContext(
  carrier: TraceCarrier,
  base: Context = context.active(),
  options: PropagationOptions = {},
): Context {
  try {
    return activePropagator(options).extract(base, carrier, carrierGetter)
  } catch {
    return base
  }
}

/** Runs `fn` inside the trace found in `carrier`, so spans it starts join that trace. */
export function withExtractedContext<T>(
  carrier: TraceCarrier,
  fn: () => T,
  options: PropagationOptions = {},
): T {
  return context.with(extractTraceContext(carrier, context.active(), options), fn)
}
