package dev.capacity.simulator.bench;

import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.workload.WorkloadSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole probe (event loop, batch formation, timing lookups, prefix cache): the 12,031-request
 * Mooncake conversation trace, Llama-3-8B, h100_dgx, 8 replicas, vllm_v1 chunk 512, 4 QPS. Trace and
 * timing tables are built once, as a study shares them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class ProbeBenchmark {
  @Param({"round_robin", "lop_uncached"})
  public String router;

  @Param({"true"})
  public boolean prefixCaching;

  private Simulator simulator;
  private SimulationConfig config;

  @Setup
  public void setup() {
    simulator = Simulator.withDefaults();
    config = SimulationConfig.builder()
        .numReplicas(8)
        .router(router)
        .prefixCaching(prefixCaching)
        .trace("classpath:traces/mooncake/conversation_trace.jsonl")
        .workload(WorkloadSpec.poisson(4.0, 12031, 131072, 42))
        .timeLimitSeconds(10800)
        .build();
    simulator.prepare(config);
  }

  @Benchmark
  public int probe() {
    return new Simulation(simulator.prepare(config)).run().metrics().numCompleted();
  }
}
