/**
 * The few JetStream operations the group log is made of, on one stream:
 * get a subject's last message, the first message of a subject at or after
 * a stream seq, publish with an expected last subject sequence, records
 * (small JSON messages whose subject's last message is the value) raised by
 * compare-and-swap, range reads by an ordered consumer, and purges. Every
 * one of them exists on nats-server 2.9.
 */
import type { JetStreamClient, JetStreamManager, PubAck, StoredMsg } from "@nats-io/jetstream"
import type { MsgHdrs } from "@nats-io/transport-node"
import { isWrongLastSequence } from "./nats-errors.js"

/** A message as the log reads it back. */
export interface StreamMsg {
  /** Its stream sequence (global over every subject of the stream). */
  streamSeq: number
  subject: string
  header: MsgHdrs | undefined
  data: Uint8Array
}

/** A record's value and the stream seq of the message holding it (for compare-and-swap). */
export interface RecordValue<T> {
  value: T
  streamSeq: number
}

/** Reads up to this many entries one by one; longer ranges use an ordered consumer. */
const DIRECT_READ_MAX = 4
/** How long a range read waits for messages known to exist. */
const FETCH_EXPIRES_MS = 5000

/** One stream of the group log and the operations on it. */
export class LogStream {
  constructor(
    readonly name: string,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  /** The last message on `subject`, or undefined when it has none. */
  async last(subject: string): Promise<StreamMsg | undefined> {
    return toStreamMsg(await this.jsm.streams.getMessage(this.name, { last_by_subj: subject }))
  }

  /** The first message on `subject` whose stream seq is at least `fromSeq`. */
  async next(subject: string, fromSeq: number): Promise<StreamMsg | undefined> {
    // MSG.GET's next_by_subj exists since nats-server 2.9; the client's type lists it for direct gets only.
    const query = { seq: Math.max(1, fromSeq), next_by_subj: subject } as unknown as { seq: number }
    return toStreamMsg(await this.jsm.streams.getMessage(this.name, query))
  }

  /** The message at stream seq `seq`, or undefined when it is gone. */
  async at(seq: number): Promise<StreamMsg | undefined> {
    return toStreamMsg(await this.jsm.streams.getMessage(this.name, { seq }))
  }

  /**
   * Publish unless another message reached `subject` since `expectedLast`
   * (0: the subject has none): false when it did. `msgID` lets JetStream
   * answer a copy within its duplicate window with the original's ack.
   */
  async publish(
    subject: string,
    data: Uint8Array,
    options: { headers?: MsgHdrs; expectedLast: number; msgID?: string },
  ): Promise<PubAck | false> {
    try {
      return await this.js.publish(subject, data, {
        ...(options.headers === undefined ? {} : { headers: options.headers }),
        ...(options.msgID === undefined ? {} : { msgID: options.msgID }),
        expect: { lastSubjectSequence: options.expectedLast },
      })
    } catch (error) {
      if (isWrongLastSequence(error)) return false
      throw error
    }
  }

  /** A record's value (the JSON of the subject's last message), or undefined when none. */
  async record<T>(subject: string): Promise<RecordValue<T> | undefined> {
    const msg = await this.last(subject)
    if (msg === undefined) return undefined
    return { value: JSON.parse(new TextDecoder().decode(msg.data)) as T, streamSeq: msg.streamSeq }
  }

  /**
   * Raise a record to `value` unless it already holds one at least as high
   * by `rank`, by compare-and-swap from `current` (what the caller read).
   */
  async raise<T>(
    subject: string,
    value: T,
    rank: (v: T) => number,
    current: RecordValue<T> | undefined,
  ): Promise<void> {
    let seen = current
    for (;;) {
      if (seen !== undefined && rank(seen.value) >= rank(value)) return
      const data = new TextEncoder().encode(JSON.stringify(value))
      const ack = await this.publish(subject, data, { expectedLast: seen?.streamSeq ?? 0 })
      if (ack !== false) return
      seen = await this.record<T>(subject)
    }
  }

  /** `count` messages of `subject` from stream seq `fromSeq` on (fewer if the subject has fewer). */
  async range(subject: string, fromSeq: number, count: number): Promise<StreamMsg[]> {
    const out: StreamMsg[] = []
    if (count <= DIRECT_READ_MAX) {
      let from = fromSeq
      while (out.length < count) {
        const msg = await this.next(subject, from)
        if (msg === undefined) break
        out.push(msg)
        from = msg.streamSeq + 1
      }
      return out
    }
    const consumer = await this.js.consumers.get(this.name, {
      filter_subjects: subject,
      opt_start_seq: Math.max(1, fromSeq),
      inactive_threshold: 10_000,
    })
    try {
      const messages = await consumer.fetch({ max_messages: count, expires: FETCH_EXPIRES_MS })
      for await (const m of messages) {
        out.push({ streamSeq: m.seq, subject: m.subject, header: m.headers, data: m.data })
        if (out.length === count) break
      }
    } finally {
      await consumer.delete().catch(() => undefined)
    }
    return out
  }

  /** Delete the messages of `subject` below stream seq `beforeSeq`. */
  async purgeBefore(subject: string, beforeSeq: number): Promise<void> {
    await this.jsm.streams.purge(this.name, { filter: subject, seq: beforeSeq })
  }
}

function toStreamMsg(msg: StoredMsg | null): StreamMsg | undefined {
  if (msg === null) return undefined
  return { streamSeq: msg.seq, subject: msg.subject, header: msg.header, data: msg.data }
}
