/** InMemoryGroupLog meets the GroupLog contract. */
import { InMemoryGroupLog } from "../src/index.js"
import { runGroupLogContract } from "../src/testing/index.js"

runGroupLogContract("InMemoryGroupLog", (options) => ({ log: new InMemoryGroupLog(options) }))
