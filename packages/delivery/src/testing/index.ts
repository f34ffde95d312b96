/**
 * Test helpers for group log drivers (`@mlskit/delivery/testing`): a
 * hand-moved clock and framing-valid message builders. They need no test
 * runner; the GroupLog contract suite, which needs Vitest, is
 * `@mlskit/delivery/testing/contract`.
 */
export {
  type ContractContext,
  type GroupLogFactory,
  type GroupLogFactoryOptions,
  type GroupLogUnderTest,
  TestClock,
} from "./contract-context.js"
export type {
  DeliveryStoreFactory,
  DeliveryStoreUnderTest,
} from "./delivery-contract-context.js"
export {
  applicationMessage,
  commitMessage,
  privateMessage,
  proposalMessage,
  publicMessage,
  seededBytes,
  testGroupId,
  welcomeMessage,
} from "./messages.js"
