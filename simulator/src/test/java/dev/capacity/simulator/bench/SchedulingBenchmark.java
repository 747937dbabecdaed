package dev.capacity.simulator.bench;

import dev.capacity.simulator.batching.ReplicaSchedulers;
import dev.capacity.simulator.engine.RequestArrays;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.routing.Routers;
import dev.capacity.simulator.timing.BatchShape;
import dev.capacity.simulator.timing.ExecutionTimeModel;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event loop and batch formation alone: 20,000 random requests (prompts up to 4,096 tokens, outputs
 * up to 512) on 4 replicas, no prefix caching, and a linear execution-time model (10 ms + 0.1 ms per
 * token), so neither the prefix cache nor the profile lookups take part. Reported per request, with the
 * event count returned so the JIT keeps the work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchedulingBenchmark {
  private static final int REQUESTS = 20_000;

  @Param({"vllm_v1", "vllm", "sarathi", "orca"})
  public String scheduler;

  private RequestArrays requests;

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(42);
    double[] arrivals = new double[REQUESTS];
    int[] prefill = new int[REQUESTS];
    int[] decode = new int[REQUESTS];
    double t = 0;
    for (int i = 0; i < REQUESTS; i++) {
      t += rnd.nextDouble() * 0.16; // 12.5 requests/s over 4 replicas, about 6,400 prompt tokens/s each
      arrivals[i] = t;
      prefill[i] = 1 + rnd.nextInt(4096);
      decode[i] = 1 + rnd.nextInt(512);
    }
    requests = new RequestArrays(arrivals, prefill, decode, null, new int[REQUESTS], new int[REQUESTS], null);
  }

  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public long simulate() {
    ExecutionTimeModel linear = (BatchShape b, boolean last) -> 0.010 + 0.0001 * b.numTokens();
    SimulationSetup setup =
        new SimulationSetup(
            requests, 4, 1, 100_000, 16, false, 64, ReplicaSchedulers.builtIn().get(scheduler),
            512, 128, 4096, 0.01, "fcfs", 0, Routers.builtIn().get("round_robin"), Map.of(), 42, linear, 0);
    return new Simulation(setup).run().numEvents();
  }
}
