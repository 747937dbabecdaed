package dev.capacity.simulator.bench;

import dev.capacity.simulator.KvCacheTiers;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.workload.WorkloadSpec;
import java.util.Arrays;

/**
 * Bench main for one probe (issue 2 / design §6): the 12,031-request Mooncake conversation trace,
 * Llama-3-8B on h100_dgx, 8 replicas, vllm_v1 chunk 512, at 4 QPS. Prints the median wall time of the
 * simulation alone over the second half of the runs, after JIT warm-up (trace parsing and tables are
 * shared study-wide, so they are built once before).
 *
 * <p>Run: {@code ./mvnw -q -pl simulator exec:java -Dexec.mainClass=dev.capacity.simulator.bench.ProbeBench
 * [-Dexec.args="round_robin 4.0 15 true [synthetic [70B]]"]}; pin to one core with {@code taskset -c 0}.
 */
public final class ProbeBench {
  public static void main(String[] args) {
    String router = args.length > 0 ? args[0] : "round_robin";
    double qps = args.length > 1 ? Double.parseDouble(args[1]) : 4.0;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    boolean prefixCaching = args.length <= 3 || Boolean.parseBoolean(args[3]);
    // optional: another bundled trace (synthetic: 23,608 requests) or model (70B: TP4 on 16 replicas)
    String trace = args.length > 4 ? args[4] : "conversation";
    boolean large = args.length > 5 && args[5].contains("70B");
    int requests = trace.equals("synthetic") ? 23608 : 12031;
    Simulator simulator = Simulator.withDefaults();
    SimulationConfig config =
        SimulationConfig.builder()
            .model(large ? "meta-llama/Meta-Llama-3-70B" : "meta-llama/Meta-Llama-3-8B")
            .device("h100")
            .networkDevice("h100_dgx")
            .tensorParallel(large ? 4 : 1)
            .numReplicas(large ? 16 : 8)
            .router(router)
            .replicaScheduler("vllm_v1")
            .chunkSize(512)
            .prefixCaching(prefixCaching)
            .trace("classpath:traces/mooncake/" + trace + "_trace.jsonl")
            .workload(WorkloadSpec.poisson(qps, requests, 131072, WorkloadSpec.DEFAULT_SEED))
            .timeLimitSeconds(180 * 60)
            // -Dprobe.executionMode=none times the kernels alone, as before the engine step existed
            .executionMode(System.getProperty("probe.executionMode", "cuda_graphs"))
            // -Dprobe.cpuGb=200 [-Dprobe.poolGb=1000] times a run with KV-cache tiers below GPU memory
            .kvTiers(System.getProperty("probe.cpuGb") == null && System.getProperty("probe.poolGb") == null ? null
                : new KvCacheTiers(Double.valueOf(System.getProperty("probe.cpuGb", "0")), null,
                    Double.valueOf(System.getProperty("probe.poolGb", "0")), null, null))
            .build();
    long t0 = System.nanoTime();
    SimulationSetup setup = simulator.prepare(config);
    long prepNanos = System.nanoTime() - t0;
    double[] seconds = new double[repeats];
    SimulationOutcome last = null;
    for (int i = 0; i < repeats; i++) {
      SimulationSetup fresh = simulator.prepare(config);
      long s = System.nanoTime();
      last = new Simulation(fresh).run();
      seconds[i] = (System.nanoTime() - s) / 1e9;
    }
    // the first runs include JIT compilation (on one core it competes with the probe): the median is of
    // the second half, the runs after warm-up
    double[] sorted = Arrays.copyOfRange(seconds, repeats / 2, repeats);
    Arrays.sort(sorted);
    System.out.printf(
        "probe %s qps=%.2f: first prepare (trace + tables) %.3f s; simulation median %.3f s, min %.3f s over the last %d of %d runs"
            + " (%d cores available)%n",
        router, qps, prepNanos / 1e9, sorted[sorted.length / 2], sorted[0], sorted.length, repeats,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "  completed %d of %d, events %d, simulated end %.1f s, prompt tokens cached %d of %d%n",
        last.metrics().numCompleted(), last.metrics().numRequests(), last.numEvents(), last.endTime(),
        last.cachedPromptTokens(), last.admittedPromptTokens());
    System.out.printf("  KV blocks per replica %d%n", last.replicas()[0].kvBlocks());
    StringBuilder each = new StringBuilder("  each run (s):");
    for (double s : seconds) {
      each.append(String.format(" %.3f", s));
    }
    System.out.println(each);
  }

  private ProbeBench() {}
}
