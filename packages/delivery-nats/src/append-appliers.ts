/**
 * The appliers: one durable JetStream consumer of the log's entries, shared
 * by every instance of a deployment, so each appended entry goes to one
 * instance, which brings the group's hosted members up to date and then
 * acknowledges it. An instance that dies (or takes longer than `ackWaitMs`)
 * loses the entry to another instance when its ack wait runs out; a second
 * applier racing the first meets compare-and-swap on the members' states
 * and skips what was applied. Entries appended before the consumer first
 * existed are caught up by each instance's recovery at start.
 */
import { fromBase64Url, StorageError } from "@mlskit/core"
import type { EntryKind } from "@mlskit/delivery"
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream"
import type { NatsConnection } from "@nats-io/transport-node"
import { readEntryMeta } from "./entry-headers.js"
import { toStorageError } from "./nats-errors.js"

/** One appended entry, as the appliers hand it to the service. */
export interface AppendedEntry {
  /** The MLS group id. */
  groupId: Uint8Array
  seq: number
  kind: EntryKind
  epoch: number
  /** The entry's NATS headers (trace context travels here). */
  headers: Record<string, string>
  /** How many times the entry was handed out, 1 on the first delivery. */
  deliveryCount: number
  /** When it was appended, ms since the Unix epoch. */
  time: number
}

/** Options of `JetStreamGroupLog.appliers`. */
export interface AppliersOptions {
  /** The durable consumer's name, the same on every instance (default `<stream>_appliers`). */
  durable?: string
  /** How long an instance may take before another one gets the entry (ms). */
  ackWaitMs: number
  /** Entries handed out and not yet acknowledged, across instances (default 1000). */
  maxAckPending?: number
  /** Entries this instance applies at once (default 16). */
  concurrency?: number
  /** Bring the group's hosted members up to date; a throw hands the entry out again later. */
  apply(entry: AppendedEntry): Promise<void>
  /** A failure the loop survived (an apply that threw, a bad message). */
  onError?(error: unknown, entry?: AppendedEntry): void
}

/** Where the shared consumer stands. */
export interface AppliersState {
  /** Entries not handed out yet. */
  pending: number
  /** Entries handed out and not acknowledged yet. */
  ackPending: number
  /** Entries handed out again after an ack wait ran out or a negative ack. */
  redelivered: number
}

/** A running share of the appliers on this instance. */
export class AppendAppliers {
  private messages: ConsumerMessages | undefined
  private loop: Promise<void> | undefined
  private readonly inFlight = new Set<Promise<void>>()
  private stopping: (() => void) | undefined
  private isStopping = false
  private readonly stopped = new Promise<void>((resolve) => {
    this.stopping = resolve
  })

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly durable: string,
    private readonly options: AppliersOptions,
  ) {}

  /** Create or update the shared consumer, then start taking entries. */
  static async start(
    nc: NatsConnection,
    stream: string,
    filterSubject: string,
    options: AppliersOptions,
  ): Promise<AppendAppliers> {
    if (!Number.isSafeInteger(options.ackWaitMs) || options.ackWaitMs < 1000)
      throw new StorageError("nats appliers: ackWaitMs must be an integer of at least 1000")
    const durable = options.durable ?? `${stream}_appliers`
    try {
      const jsm = await jetstreamManager(nc)
      const config: Partial<ConsumerConfig> = {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: options.ackWaitMs * 1_000_000,
        deliver_policy: DeliverPolicy.New,
        filter_subject: filterSubject,
        max_ack_pending: options.maxAckPending ?? 1000,
      }
      try {
        await jsm.consumers.add(stream, config)
      } catch {
        // Another instance made it with other settings: take ours (the last start wins).
        await jsm.consumers.update(stream, durable, {
          ack_wait: config.ack_wait,
          max_ack_pending: config.max_ack_pending,
        } as Partial<ConsumerConfig>)
      }
      const appliers = new AppendAppliers(nc, jsm, stream, durable, options)
      await appliers.run()
      return appliers
    } catch (error) {
      throw toStorageError(error, "starting the nats appliers")
    }
  }

  /** The shared consumer's backlog and redeliveries. */
  async state(): Promise<AppliersState> {
    try {
      const info = await this.jsm.consumers.info(this.stream, this.durable)
      return {
        pending: info.num_pending,
        ackPending: info.num_ack_pending,
        redelivered: info.num_redelivered,
      }
    } catch (error) {
      throw toStorageError(error, "reading the nats appliers' state")
    }
  }

  /**
   * Stop taking entries; waits up to `ackWaitMs` for those being applied
   * (their acks still go out). One that takes longer is handed to another
   * instance when its ack wait runs out.
   */
  async stop(): Promise<void> {
    this.isStopping = true
    this.stopping?.()
    this.messages?.stop()
    await this.loop
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.options.ackWaitMs)
        timer.unref()
      }),
    ])
    clearTimeout(timer)
  }

  private async run(): Promise<void> {
    const consumer = await jetstream(this.nc).consumers.get(this.stream, this.durable)
    const concurrency = this.options.concurrency ?? 16
    this.messages = await consumer.consume({ max_messages: concurrency })
    const messages = this.messages
    this.loop = (async () => {
      for await (const msg of messages) {
        if (this.isStopping) {
          // Taken after stop: leave it to another instance.
          msg.nak()
          continue
        }
        let entry: AppendedEntry
        try {
          const meta = readEntryMeta(msg.headers)
          const groupId = fromBase64Url(msg.subject.slice(msg.subject.lastIndexOf(".") + 1))
          if (!groupId) throw new StorageError("nats appliers: an entry subject names no group")
          const headers: Record<string, string> = {}
          for (const key of msg.headers?.keys() ?? []) headers[key] = msg.headers?.get(key) ?? ""
          entry = {
            groupId,
            seq: meta.seq,
            kind: meta.kind,
            epoch: meta.epoch,
            headers,
            deliveryCount: msg.info.deliveryCount,
            time: meta.time,
          }
        } catch (error) {
          // Not an entry of this log: nothing to apply, and never again.
          this.options.onError?.(error)
          msg.term()
          continue
        }
        const work = this.options.apply(entry).then(
          () => msg.ack(),
          (error: unknown) => {
            this.options.onError?.(error, entry)
            msg.nak(1000)
          },
        )
        this.inFlight.add(work)
        void work.finally(() => this.inFlight.delete(work))
        while (this.inFlight.size >= concurrency && !this.isStopping)
          await Promise.race([...this.inFlight, this.stopped])
      }
    })()
  }
}
