/**
 * Test helpers for group log drivers (`@mlskit/delivery/testing`): the
 * GroupLog contract suite, a hand-moved clock and framing-valid message
 * builders. Needs vitest.
 */
export {
  type ContractContext,
  type GroupLogFactory,
  type GroupLogFactoryOptions,
  type GroupLogUnderTest,
  TestClock,
} from "./contract-context.js"
export { runGroupLogContract } from "./group-log-contract.js"
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
