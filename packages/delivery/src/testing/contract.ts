/**
 * The GroupLog contract suite (`@mlskit/delivery/testing/contract`): declares
 * Vitest tests, so it loads only inside a running Vitest. `vitest` is not a
 * dependency of @mlskit/delivery (see @mlskit/core/testing/contract): the
 * project running the suite installs it.
 */
export type {
  GroupLogFactory,
  GroupLogFactoryOptions,
  GroupLogUnderTest,
} from "./contract-context.js"
export { runGroupLogContract } from "./group-log-contract.js"
