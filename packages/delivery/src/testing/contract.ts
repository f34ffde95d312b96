/**
 * The GroupLog contract suite (`@mlskit/delivery/testing/contract`): declares
 * Vitest tests, so it loads only inside a running Vitest (install `vitest`,
 * an optional peer of @mlskit/delivery).
 */
export type {
  GroupLogFactory,
  GroupLogFactoryOptions,
  GroupLogUnderTest,
} from "./contract-context.js"
export { runGroupLogContract } from "./group-log-contract.js"
