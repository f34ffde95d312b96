/**
 * What each section of the group log contract needs: a way to open a fresh
 * log with a given retention, driven by a clock the test moves.
 */
import type { GroupLog, RetentionPolicy } from "../group-log.js"

/** What the suite asks of a factory for one log. */
export interface GroupLogFactoryOptions {
  /** The retention the log must apply (absent: keep everything). */
  retention?: RetentionPolicy
  /** The clock the log must use for entry times and age retention. */
  now: () => number
  /** The message size limit the log must apply. */
  maxMessageBytes?: number
}

/** What a factory returns: a log over fresh, empty storage and how to dispose of it. */
export interface GroupLogUnderTest {
  log: GroupLog
  /** Runs after the test (close connections, drop the schema, delete the stream). */
  cleanup?: () => Promise<void>
}

/** Creates a log over fresh, empty storage for one test. */
export type GroupLogFactory = (
  options: GroupLogFactoryOptions,
) => Promise<GroupLogUnderTest> | GroupLogUnderTest

/** A clock a test moves by hand. */
export class TestClock {
  /** The current time in ms. */
  time = 1_700_000_000_000

  /** The current time, as a log's `now` option. */
  readonly now = (): number => this.time

  /** Move the clock forward by `ms`. */
  advance(ms: number): void {
    this.time += ms
  }
}

/** Accessors the contract sections use inside their tests. */
export interface ContractContext {
  /** The clock every log of the running test uses. */
  clock(): TestClock
  /** Open a log for the running test; the suite disposes of it afterwards. */
  open(options?: Omit<GroupLogFactoryOptions, "now">): Promise<GroupLog>
}
