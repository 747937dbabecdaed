package dev.capacity.simulator.bench;

import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.RequestMetric;
import dev.capacity.simulator.workload.WorkloadSpec;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Prints one digest per configuration of a matrix (routers x replica schedulers x traces x roomy / tight
 * memory) over every request's metrics and the replicas' cache statistics. A performance change to the
 * engine, the batching or the KV cache must leave every line unchanged: run it before and after and diff.
 *
 * <p>Run: {@code java -cp simulator/target/classes:<deps> dev.capacity.simulator.bench.DigestBench [requests
 * [routers]]}, routers a comma-separated list or {@code all} (every registered router; default: four).
 */
public final class DigestBench {
  public static void main(String[] args) throws NoSuchAlgorithmException {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    Simulator simulator = Simulator.withDefaults();
    String[] traces = {
      "classpath:traces/mooncake/conversation_trace.jsonl", "classpath:traces/mooncake/synthetic_trace.jsonl"
    };
    String[] routers = {"round_robin", "lop_uncached", "sticky_lop", "tolerant_sticky_lop_uncached"};
    if (args.length > 1) {
      routers = args[1].equals("all")
          ? simulator.routers().names().stream().filter(n -> !n.equals("scorer")).toArray(String[]::new)
          : args[1].split(",");
    }
    String[] schedulers = {"vllm_v1", "sarathi", "vllm", "orca", "faster_transformer", "lightllm"};
    double[] margins = {0.1, 0.75};
    for (String trace : traces) {
      for (String router : routers) {
        for (String scheduler : schedulers) {
          for (double margin : margins) {
            SimulationConfig config =
                SimulationConfig.builder()
                    .model("meta-llama/Meta-Llama-3-8B")
                    .device("h100")
                    .networkDevice("h100_dgx")
                    .numReplicas(4)
                    .router(router)
                    .replicaScheduler(scheduler)
                    .chunkSize(512)
                    .prefixCaching(true)
                    .memoryMarginFraction(margin)
                    .trace(trace)
                    .workload(WorkloadSpec.poisson(4.0, requests, 131072, WorkloadSpec.DEFAULT_SEED))
                    .timeLimitSeconds(180 * 60)
                    .build();
            SimulationOutcome outcome = new Simulation(simulator.prepare(config)).run();
            System.out.printf(
                "%s %s %s %.2f %s%n", trace.substring(trace.lastIndexOf('/') + 1), router, scheduler, margin,
                digest(outcome));
          }
        }
      }
    }
  }

  private static String digest(SimulationOutcome outcome) throws NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer buf = ByteBuffer.allocate(16);
    MetricsStore m = outcome.metrics();
    for (int id = 0; id < m.numRequests(); id++) {
      buf.clear();
      buf.putInt(m.isCompleted(id) ? 1 : 0).putInt(m.replica(id));
      md.update(buf.array(), 0, 8);
      if (m.isCompleted(id)) {
        for (RequestMetric metric : RequestMetric.values()) {
          buf.clear();
          buf.putDouble(m.value(metric, id));
          md.update(buf.array(), 0, 8);
        }
      }
    }
    for (SimulationOutcome.ReplicaStats r : outcome.replicas()) {
      // without lower KV tiers, the text the record had before it gained the tier counts, so digests
      // stay comparable with those of earlier versions
      String stats = r.toString().replace(", cpuHitTokens=0, poolHitTokens=0]", "]");
      md.update(stats.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest(), 0, 8) + " cached=" + outcome.cachedPromptTokens()
        + " completed=" + m.numCompleted() + " end=" + outcome.endTime();
  }

  private DigestBench() {}
}
