/** Every benchmark, in the order `pnpm bench` runs them. */
import type { Benchmark } from "../lib/benchmark.js"
import { deliveryCatchupBenchmark } from "./delivery-catchup.js"
import { deliveryCommitStormBenchmark } from "./delivery-commit-storm.js"
import { deliveryFanoutBenchmark } from "./delivery-fanout.js"
import { deliveryNatsFanoutBenchmark } from "./delivery-nats-fanout.js"
import { deliveryNatsLatencyBenchmark } from "./delivery-nats-latency.js"
import { manyGroupsBenchmark } from "./many-groups.js"
import { profileBenchmark } from "./profile.js"
import { providersBenchmark } from "./providers.js"
import { serviceOverheadBenchmark } from "./service-overhead.js"
import { storeLatencyBenchmark } from "./store-latency.js"
import { storeThroughputBenchmark } from "./store-throughput.js"

export const BENCHMARKS: readonly Benchmark[] = [
  providersBenchmark,
  serviceOverheadBenchmark,
  profileBenchmark,
  storeLatencyBenchmark,
  storeThroughputBenchmark,
  manyGroupsBenchmark,
  deliveryFanoutBenchmark,
  deliveryCatchupBenchmark,
  deliveryCommitStormBenchmark,
  deliveryNatsFanoutBenchmark,
  deliveryNatsLatencyBenchmark,
]
