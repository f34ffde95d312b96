/**
 * What each section of the store contract suite needs: the store under test
 * and, for durable stores, a way to open a second instance on the same data.
 */
import type { MlsStore } from "../store.js"

/** What a contract factory returns: an open, empty store and how to dispose of it. */
export interface StoreUnderTest {
  store: MlsStore
  /** Runs after the store is closed (drop the schema, delete the file). */
  cleanup?: () => Promise<void>
  /**
   * Opens another instance over the same storage as `store` (same file, same
   * database schema). Required when the suite runs with `durable: true`.
   */
  reopen?: () => Promise<MlsStore>
}

/** Creates a fresh, empty store for one test. */
export type StoreFactory = () => Promise<StoreUnderTest>

/** Accessors the contract sections use inside their tests. */
export interface ContractContext {
  /** The store of the running test. */
  store(): MlsStore
  /** A second instance over the same storage; closed by the suite after the test. */
  reopen(): Promise<MlsStore>
}
