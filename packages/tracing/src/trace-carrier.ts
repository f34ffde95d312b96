/**
 * Carriers that trace context can travel in: plain header objects (Node's
 * `req.headers`, outgoing headers, message envelopes) and header containers
 * with `get`/`set` (fetch `Headers`, NATS `MsgHdrs`, `Map`), with the
 * getter and setter a `TextMapPropagator` needs for each.
 */
import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api"

/** A header container with get/set methods, such as fetch `Headers`, NATS `MsgHdrs` or a `Map`. */
export interface HeaderAccessor {
  get(key: string): string | null | undefined
  set(key: string, value: string): void
}

/** A plain object of headers or envelope fields, such as Node's `IncomingHttpHeaders`. */
export type HeaderRecord = Record<string, unknown>

/** Anything trace context can be injected into or extracted from. */
export type TraceCarrier = HeaderRecord | HeaderAccessor

function isAccessor(carrier: TraceCarrier): carrier is HeaderAccessor {
  return typeof carrier.get === "function" && typeof carrier.set === "function"
}

function textValue(value: unknown): string | string[] | undefined {
  if (typeof value === "string") return value === "" ? undefined : value
  if (Array.isArray(value)) {
    const strings = value.filter((item): item is string => typeof item === "string")
    return strings.length > 0 ? strings : undefined
  }
  return undefined
}

/** Reads keys from any carrier; plain objects are matched case-insensitively. */
export const carrierGetter: TextMapGetter<TraceCarrier> = {
  get(carrier, key) {
    if (isAccessor(carrier)) return textValue(carrier.get(key))
    if (Object.hasOwn(carrier, key)) return textValue(carrier[key])
    const lower = key.toLowerCase()
    const match = Object.keys(carrier).find((k) => k.toLowerCase() === lower)
    return match === undefined ? undefined : textValue(carrier[match])
  },
  keys(carrier) {
    if (!isAccessor(carrier)) return Object.keys(carrier)
    const keys: unknown = Reflect.get(carrier, "keys")
    if (typeof keys !== "function") return []
    const listed: unknown = Reflect.apply(keys, carrier, [])
    return listed !== null && typeof listed === "object" && Symbol.iterator in listed
      ? Array.from(listed as Iterable<unknown>).filter((k): k is string => typeof k === "string")
      : []
  },
}

/** Writes keys into any carrier. */
export const carrierSetter: TextMapSetter<TraceCarrier> = {
  set(carrier, key, value) {
    if (isAccessor(carrier)) carrier.set(key, value)
    else carrier[key] = value
  },
}
