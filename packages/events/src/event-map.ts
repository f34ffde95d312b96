/**
 * The type vocabulary of a broadcaster. Describe your events as an interface
 * whose keys are event types and whose values are the event objects; each
 * event carries its own key in `type`, so a `"*"` subscriber can switch on it.
 */

/** Constraint on an event map `M`: the event stored under key `K` has `type: K`. */
export type EventMap<M> = { [K in keyof M]: { readonly type: K } }

/** The event type names of map `M`. */
export type EventType<M> = keyof M & string

/** Any event of map `M` (a union discriminated by `type`). */
export type AnyEvent<M> = M[EventType<M>]

/** What `subscribe` and `iterate` accept: one event type, or `"*"` for all of them. */
export type EventSelector<M> = EventType<M> | "*"

/** The event a selector receives: the named event, or the union of all for `"*"`. */
export type SelectedEvent<M, S> = S extends "*" ? AnyEvent<M> : S extends keyof M ? M[S] : never

/** A subscriber. It may be async; the next event waits until its promise settles. */
export type EventHandler<E> = (event: E) => void | PromiseLike<void>

/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => void
