package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.RequestArrays;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.routing.Routers;
import dev.capacity.simulator.timing.BatchShape;
import dev.capacity.simulator.timing.ExecutionTimeModel;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hand-checkable setups for scheduler tests: a whole iteration costs 10 ms plus 0.1 ms per token, split
 * evenly over the pipeline stages.
 */
final class Setups {
  static final String[] ALL = {"vllm_v1", "vllm", "sarathi", "orca", "faster_transformer", "lightllm"};
  static final String[] PIPELINE_CAPABLE = {"vllm", "sarathi", "orca", "faster_transformer", "lightllm"};

  String scheduler = "vllm_v1";
  int replicas = 1;
  int stages = 1;
  int kvBlocks = 100_000;
  int chunk = 512;
  int batchCap = 128;
  int maxTokensInBatch = 4096;
  String queue = "fcfs";
  double slo = 0;
  boolean prefixCaching;

  static Setups of(String scheduler) {
    Setups s = new Setups();
    s.scheduler = scheduler;
    return s;
  }

  Setups replicas(int n) { replicas = n; return this; }
  Setups stages(int n) { stages = n; return this; }
  Setups kvBlocks(int n) { kvBlocks = n; return this; }
  Setups batchCap(int n) { batchCap = n; return this; }
  Setups prefixCaching() { prefixCaching = true; return this; }
  Setups queue(String q, double sloNormalized) { queue = q; slo = sloNormalized; return this; }

  SimulationSetup build(RequestArrays requests) {
    int numStages = stages;
    ExecutionTimeModel linear = (BatchShape b, boolean last) -> (0.010 + 0.0001 * b.numTokens()) / numStages;
    return new SimulationSetup(
        requests, replicas, stages, kvBlocks, 16, prefixCaching, 64,
        ReplicaSchedulers.builtIn().get(scheduler),
        chunk, batchCap, maxTokensInBatch, 0.01, queue, slo,
        Routers.builtIn().get("round_robin"), Map.of(), 42, linear, 0);
  }

  static RequestArrays requests(double[] arrivals, int[] prefill, int[] decode) {
    int n = arrivals.length;
    return new RequestArrays(arrivals, prefill, decode, null, new int[n], new int[n], null);
  }

  /** n requests, arrival gaps uniform in [0, maxGap), P in [1, maxP], D in [1, maxD]. */
  static RequestArrays random(long seed, int n, double maxGap, int maxP, int maxD) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] arr = new double[n];
    int[] p = new int[n];
    int[] d = new int[n];
    double t = 0;
    for (int i = 0; i < n; i++) {
      t += rnd.nextDouble() * maxGap;
      arr[i] = t;
      p[i] = 1 + rnd.nextInt(maxP);
      d[i] = 1 + rnd.nextInt(maxD);
    }
    return requests(arr, p, d);
  }
}
