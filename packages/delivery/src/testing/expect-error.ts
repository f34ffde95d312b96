/** Error assertions of the contract, re-exported from core's testing helpers. */
export { expectMlskitError } from "@mlskit/core/testing"
