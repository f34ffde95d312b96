/**
 * The contract suites of `@mlskit/delivery/testing/contract`: the GroupLog
 * contract (`runGroupLogContract`) and the DeliveryStore contract
 * (`runDeliveryStoreContract`). They declare Vitest tests, so they load only
 * inside a running Vitest. `vitest` is not a dependency of @mlskit/delivery
 * (see @mlskit/core/testing/contract): the project running the suites
 * installs it.
 */
export type {
  GroupLogFactory,
  GroupLogFactoryOptions,
  GroupLogUnderTest,
} from "./contract-context.js"
export type {
  DeliveryStoreFactory,
  DeliveryStoreUnderTest,
} from "./delivery-contract-context.js"
export { runDeliveryStoreContract } from "./delivery-store-contract.js"
export { runGroupLogContract } from "./group-log-contract.js"
