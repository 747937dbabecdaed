package dev.capacity.simulator.fidelity;

import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.RequestArrays;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.timing.EngineOverhead;
import dev.capacity.simulator.fidelity.GroundTruth.MeasuredRequest;
import dev.capacity.simulator.fidelity.GroundTruth.MeasuredRun;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.Quantiles;
import dev.capacity.simulator.metrics.RequestMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Replays the measured runs of {@link GroundTruth} through the simulator as they ran: Llama-3-8B on
 * {@code a100_40gb} GPUs of an {@code a100_40gb_dgx} node (the p4d.24xlarge is 8 A100-SXM4-40GB on
 * NVSwitch; the device reads the 80 GB a100's profiles but has its own HBM bandwidth), TP as measured,
 * data parallelism as {@code dp} replicas behind a router, {@code vllm_v1} with 512-token chunks and at most
 * 512 sequences, no prefix caching, and the KV cache of a 40 GB GPU at vLLM's
 * {@code gpu_memory_utilization=0.85}. Runs with per-request records replay their exact arrival times
 * and sizes; the others the documented workload (2,049-token prompts, outputs drawn from the measured
 * output lengths, Poisson arrivals at the run's QPS from t = 0, the run's request count, a fixed seed).
 */
public final class FidelityReplay {
  /** vLLM balances its data-parallel engines on their queue lengths: the closest router is {@code lor}. */
  public static final String DEFAULT_ROUTER = "lor";

  /** vLLM's {@code gpu_memory_utilization} in the measured runs. */
  public static final double GPU_MEMORY_UTILIZATION = 0.85;

  /** Prompt length of the documented workload: 2,048 Llama-3 tokens plus BOS. */
  public static final int DOCUMENTED_PROMPT_TOKENS = 2049;

  public static final long SEED = 42;

  /** The measured engine ran with {@code enforce_eager=True}: no CUDA graphs. */
  public static final String EXECUTION_MODE = "eager";

  /** Latencies of one run's requests, in arrival order; TPOT = (e2e - ttft) / (output tokens - 1). */
  public record Latencies(double[] ttft, double[] e2e, double[] tpot) {
    public double quantile(Metric metric, double q) {
      double[] v = metric.of(this).clone();
      java.util.Arrays.sort(v);
      return Quantiles.ofSorted(v, q);
    }
  }

  public enum Metric {
    TTFT, TPOT, E2E;

    double[] of(Latencies l) {
      return switch (this) {
        case TTFT -> l.ttft();
        case TPOT -> l.tpot();
        case E2E -> l.e2e();
      };
    }
  }

  /** One replayed run: the requests it simulated and the predicted latencies. */
  public record Replay(MeasuredRun run, RequestArrays requests, Latencies predicted) {}

  private final Simulator simulator;
  private final String router;
  private final int[] pooledOutputTokens;

  public FidelityReplay(Simulator simulator, String router, List<MeasuredRun> runs) {
    this.simulator = simulator;
    this.router = router;
    List<Integer> outputs = new ArrayList<>();
    for (MeasuredRun r : runs) {
      for (MeasuredRequest q : r.requests()) {
        outputs.add(q.outputTokens());
      }
    }
    this.pooledOutputTokens = outputs.stream().mapToInt(Integer::intValue).toArray();
  }

  public String router() {
    return router;
  }

  public SimulationConfig config(MeasuredRun run) {
    return SimulationConfig.builder()
        .model(GroundTruth.MODEL)
        .device("a100_40gb")
        .networkDevice("a100_40gb_dgx")
        .tensorParallel(run.tp())
        .numReplicas(run.dp())
        .router(router)
        .replicaScheduler("vllm_v1")
        .chunkSize(512)
        .batchSizeCap(512)
        .prefixCaching(false)
        .gpuMemoryUtilization(GPU_MEMORY_UTILIZATION)
        .executionMode(EXECUTION_MODE)
        .build();
  }

  /** The requests to simulate: the measured ones where recorded, else the documented workload. */
  public RequestArrays requests(MeasuredRun run) {
    if (run.replayable()) {
      List<MeasuredRequest> m = run.requests();
      int n = m.size();
      double[] arrivals = new double[n];
      int[] prefill = new int[n];
      int[] decode = new int[n];
      for (int i = 0; i < n; i++) {
        arrivals[i] = m.get(i).arrival();
        prefill[i] = m.get(i).inputTokens();
        decode[i] = m.get(i).outputTokens();
      }
      return arrays(arrivals, prefill, decode);
    }
    int n = run.numRequests();
    SplittableRandom rng = new SplittableRandom(SEED ^ run.runId().hashCode());
    double[] arrivals = new double[n];
    int[] prefill = new int[n];
    int[] decode = new int[n];
    double t = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        t += -Math.log(1 - rng.nextDouble()) / run.qps();
      }
      arrivals[i] = t;
      prefill[i] = DOCUMENTED_PROMPT_TOKENS;
      decode[i] = pooledOutputTokens[rng.nextInt(pooledOutputTokens.length)];
    }
    return arrays(arrivals, prefill, decode);
  }

  /** The same requests at other arrival times (in arrival order). */
  public static RequestArrays withArrivals(RequestArrays r, double[] arrivals) {
    return arrays(arrivals, r.prefillTokens(), r.decodeTokens());
  }

  static RequestArrays arrays(double[] arrivals, int[] prefill, int[] decode) {
    int n = arrivals.length;
    return new RequestArrays(arrivals, prefill, decode, null, new int[n], new int[n], null);
  }

  /**
   * Replays a run. A data-parallel run's engines share vLLM's one front end, which does the per-sequence
   * output work of all of them ({@link EngineOverhead#sharedByEngines}).
   */
  public Replay replay(MeasuredRun run) {
    RequestArrays requests = requests(run);
    if (run.dp() > 1) {
      EngineOverhead shared = EngineOverhead.of(config(run).executionMode()).sharedByEngines(run.dp());
      return new Replay(run, requests, simulate(run, requests, shared));
    }
    return new Replay(run, requests, simulate(run, requests));
  }

  /** Simulates the run's configuration on the given requests. */
  public Latencies simulate(MeasuredRun run, RequestArrays requests) {
    return latencies(run, requests, simulator.prepare(config(run), requests));
  }

  /** Like {@link #simulate(MeasuredRun, RequestArrays)} with other engine-overhead constants. */
  public Latencies simulate(MeasuredRun run, RequestArrays requests, EngineOverhead overhead) {
    return latencies(run, requests, simulator.prepare(config(run), requests, overhead));
  }

  private static Latencies latencies(MeasuredRun run, RequestArrays requests, SimulationSetup setup) {
    SimulationOutcome outcome = new Simulation(setup).run();
    MetricsStore m = outcome.metrics();
    int n = requests.size();
    if (m.numCompleted() != n) {
      throw new IllegalStateException(run.runId() + ": " + m.numCompleted() + " of " + n + " requests completed");
    }
    double[] ttft = new double[n];
    double[] e2e = new double[n];
    double[] tpot = new double[n];
    for (int i = 0; i < n; i++) {
      ttft[i] = m.value(RequestMetric.PREFILL_E2E_TIME, i);
      e2e[i] = m.value(RequestMetric.REQUEST_E2E_TIME, i);
      tpot[i] = (e2e[i] - ttft[i]) / (requests.decodeTokens()[i] - 1);
    }
    return new Latencies(ttft, e2e, tpot);
  }

  /** The measured per-request latencies of a replayable run, in arrival order. */
  public static Latencies measured(MeasuredRun run) {
    int n = run.requests().size();
    double[] ttft = new double[n];
    double[] e2e = new double[n];
    double[] tpot = new double[n];
    for (int i = 0; i < n; i++) {
      MeasuredRequest q = run.requests().get(i);
      ttft[i] = q.ttft();
      e2e[i] = q.e2e();
      tpot[i] = (q.e2e() - q.ttft()) / (q.outputTokens() - 1);
    }
    return new Latencies(ttft, e2e, tpot);
  }
}
