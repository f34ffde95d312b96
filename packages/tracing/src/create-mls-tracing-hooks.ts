/**
 * `createMlsTracingHooks`: operation hooks that open one span per core
 * operation (`mls.<operation>`), keep it active while the operation runs so
 * nested spans (store, broker) become its children, mark milestones as
 * span events and record failures without secrets.
 */
import type {
  OperationAttributes,
  OperationHooks,
  OperationName,
  OperationStep,
} from "@mlskit/core"
import {
  type Attributes,
  type AttributeValue,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api"
import { errorDetails } from "./error-details.js"
import { MLS_ATTRIBUTES, spanAttributes } from "./span-attributes.js"
import { TRACING_SCOPE, TRACING_VERSION } from "./version.js"

/** Options of `createMlsTracingHooks`; without either, the global tracer provider is used. */
export interface MlsTracingOptions {
  /** Tracer to create spans with. Takes precedence over `tracerProvider`. */
  tracer?: Tracer
  /** Provider to get the "@mlskit/tracing" tracer from. */
  tracerProvider?: TracerProvider
}

/** The outcome core reports to `onEnd`. */
export type OperationOutcome = Parameters<NonNullable<OperationHooks["onEnd"]>>[1]

/** Operation hooks that trace every operation. All members are present and never throw. */
export interface MlsTracingHooks extends OperationHooks {
  /** Starts the operation's span as a child of the active context; returns its handle. */
  onStart(operation: OperationName, attributes: OperationAttributes): unknown
  /** Runs `body` with the operation's span active. */
  runInContext<T>(context: unknown, body: () => Promise<T>): Promise<T>
  /** Adds the milestone as a span event. */
  onStep(operation: OperationName, step: OperationStep, context: unknown): void
  /** Sets the final attributes, records a failure and ends the span. */
  onEnd(operation: OperationName, outcome: OperationOutcome, context: unknown): void
}

/** The handle `onStart` returns: the span, the context that has it active, and its start attributes. */
class OperationSpan {
  ended = false
  entered = false
  constructor(
    readonly span: Span,
    readonly context: Context,
    readonly startAttributes: Attributes,
  ) {}
}

const NAME = /^[a-z][a-z0-9_]{0,63}$/
/** Names already checked, so the check runs once per operation and step name. */
const checkedNames = new Map<string, string>()
const safeName = (value: unknown): string => {
  if (typeof value !== "string") return "unknown"
  const known = checkedNames.get(value)
  if (known !== undefined) return known
  const name = NAME.test(value) ? value : "unknown"
  if (checkedNames.size < 256) checkedNames.set(value, name)
  return name
}
const spanNames = new Map<string, string>()
const spanName = (name: string): string => {
  let full = spanNames.get(name)
  if (full === undefined) {
    full = `mls.${name}`
    if (spanNames.size < 256) spanNames.set(name, full)
  }
  return full
}

/** Runs an operation body with its span marked as entered (see `runInContext`). */
function enter<T>(handle: OperationSpan, body: () => Promise<T>): Promise<T> {
  handle.entered = true
  return body()
}

/** Creates hooks that trace core operations with `tracer`, `tracerProvider` or the global provider. */
export function createMlsTracingHooks(options: MlsTracingOptions = {}): MlsTracingHooks {
  const tracer =
    options.tracer ??
    (options.tracerProvider ?? trace.getTracerProvider()).getTracer(TRACING_SCOPE, TRACING_VERSION)

  return {
    onStart(operation, attributes) {
      try {
        const parent = context.active()
        const name = safeName(operation)
        const startAttributes = spanAttributes(attributes)
        startAttributes[MLS_ATTRIBUTES.operation] = name
        const span = tracer.startSpan(
          spanName(name),
          { kind: SpanKind.INTERNAL, attributes: startAttributes },
          parent,
        )
        return new OperationSpan(span, trace.setSpan(parent, span), startAttributes)
      } catch {
        return undefined
      }
    },

    runInContext<T>(handle: unknown, body: () => Promise<T>): Promise<T> {
      if (!(handle instanceof OperationSpan)) return body()
      try {
        return context.with(handle.context, enter<T>, undefined, handle, body)
      } catch (error) {
        if (handle.entered) throw error
        return body()
      }
    },

    onStep(_operation, step, handle) {
      if (!(handle instanceof OperationSpan) || handle.ended) return
      try {
        handle.span.addEvent(safeName(step))
      } catch {
        // Tracing must never change the outcome of an operation.
      }
    },

    onEnd(_operation, outcome, handle) {
      if (!(handle instanceof OperationSpan) || handle.ended) return
      handle.ended = true
      const { span } = handle
      try {
        // Only what changed since the start: the rest is on the span already.
        const final = spanAttributes(outcome?.attributes)
        for (const key in final) {
          const value = final[key]
          if (handle.startAttributes[key] !== value) span.setAttribute(key, value as AttributeValue)
        }
        if (outcome?.error !== undefined && outcome.error !== null) {
          const { code, retryable, exception } = errorDetails(outcome.error)
          span.setAttributes({
            [MLS_ATTRIBUTES.errorCode]: code,
            [MLS_ATTRIBUTES.errorRetryable]: retryable,
            "error.type": code,
          })
          span.recordException(exception)
          span.setStatus({ code: SpanStatusCode.ERROR, message: code })
        }
      } catch {
        // Tracing must never change the outcome of an operation.
      } finally {
        try {
          span.end()
        } catch {
          // As above.
        }
      }
    },
  }
}
