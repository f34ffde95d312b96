/** InMemoryGroupLog meets the GroupLog contract. */
import { InMemoryGroupLog } from "../src/index.js"
import { runGroupLogContract } from "../src/testing/contract.js"

runGroupLogContract("InMemoryGroupLog", (options) => ({ log: new InMemoryGroupLog(options) }))
