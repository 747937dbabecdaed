package dev.capacity.simulator.engine;

import dev.capacity.simulator.batching.ReplicaSchedulers;
import dev.capacity.simulator.routing.Routers;
import dev.capacity.simulator.timing.BatchShape;
import dev.capacity.simulator.timing.ExecutionTimeModel;
import java.util.Map;

/** Hand-checkable setups: an iteration costs 10 ms plus 0.1 ms per token. */
final class TestSetups {
  static final ExecutionTimeModel LINEAR = (BatchShape b, boolean last) -> 0.010 + 0.0001 * b.numTokens();

  static RequestArrays requests(double[] arrivals, int[] prefill, int[] decode) {
    int n = arrivals.length;
    return new RequestArrays(arrivals, prefill, decode, null, new int[n], new int[n], null);
  }

  static SimulationSetup setup(RequestArrays requests, String scheduler, int replicas, int kvBlocks, int chunk) {
    return new SimulationSetup(
        requests,
        replicas,
        1,
        kvBlocks,
        16,
        false,
        64,
        ReplicaSchedulers.builtIn().get(scheduler),
        chunk,
        128,
        4096,
        0.01,
        "fcfs",
        0,
        Routers.builtIn().get("round_robin"),
        Map.of(),
        42,
        LINEAR,
        0);
  }

  private TestSetups() {}
}
