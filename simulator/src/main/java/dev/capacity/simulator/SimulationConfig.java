package dev.capacity.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.capacity.simulator.hardware.MemoryPlanner;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import dev.capacity.simulator.timing.EngineOverhead;
import dev.capacity.simulator.workload.WorkloadSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * The full effective configuration of one simulation; written as {@code config.json} next to its
 * outputs. Names follow the YAML users write (router and scheduler names, device and node names).
 *
 * @param model model identifier or short name, e.g. {@code meta-llama/Meta-Llama-3-8B}
 * @param device GPU: a100, h100, a40, a100_40gb
 * @param networkDevice node type, e.g. {@code h100_dgx}; its GPU must be {@code device}
 * @param trace a trace file path, or {@code classpath:traces/...} for a bundled trace
 * @param timeLimitSeconds simulated seconds; 0 means unlimited
 * @param seed the router's random stream seed (the workload has its own in {@link WorkloadSpec#seed()})
 * @param executionMode the engine's per-iteration overhead: {@code cuda_graphs} (vLLM's default),
 *     {@code eager} ({@code enforce_eager=True}) or {@code none} (GPU kernels only, as Vidur predicts)
 * @param apiServerInputSeconds per request, API-server time before the engine sees it (added to TTFT)
 * @param apiServerOutputSeconds per request, API-server time after its last token (added to E2E)
 * @param modelSpec the model's architecture when the study defines it (then {@code model} is its name);
 *     null to look {@code model} up in the {@link dev.capacity.simulator.hardware.Catalog}
 * @param nodeSpec the node type (with its device) when the study defines it; null to look
 *     {@code networkDevice} up in the catalog
 * @param weightDtype {@code bf16}, {@code fp16} or {@code fp8}; null for the model's own
 * @param kvCacheDtype likewise for the KV cache
 * @param expertParallel a mixture of experts places whole experts on the replica's GPUs (ignored for a
 *     dense model)
 * @param layout a disaggregated prefill/decode layout, or null for colocated replicas (then
 *     {@code numReplicas} must be its P + D, and {@code router}, {@code routerParams} are not used: each
 *     pool has its own router); left out of {@code config.json} when null
 * @param kvTiers KV-cache tiers below GPU memory (CPU memory, a shared pool), or null for GPU memory only;
 *     left out of {@code config.json} when null
 */
public record SimulationConfig(
    String model,
    String device,
    String networkDevice,
    int tensorParallel,
    int pipelineStages,
    int numReplicas,
    String router,
    Map<String, Object> routerParams,
    String replicaScheduler,
    int chunkSize,
    int batchSizeCap,
    int maxTokensInBatch,
    String requestQueue,
    double sloPrefillE2eTimeNormalized,
    boolean prefixCaching,
    int blockSize,
    int numPreallocateTokens,
    double memoryMarginFraction,
    double watermarkBlocksFraction,
    String trace,
    WorkloadSpec workload,
    double timeLimitSeconds,
    long seed,
    String executionMode,
    double apiServerInputSeconds,
    double apiServerOutputSeconds,
    ModelSpec modelSpec,
    NodeSpec nodeSpec,
    String weightDtype,
    String kvCacheDtype,
    boolean expertParallel,
    @JsonInclude(JsonInclude.Include.NON_NULL) DisaggregatedLayout layout,
    @JsonInclude(JsonInclude.Include.NON_NULL) KvCacheTiers kvTiers) {

  public SimulationConfig {
    routerParams = routerParams == null ? Map.of() : new TreeMap<>(routerParams);
  }

  /** Vidur's defaults where it has them: vllm_v1 chunk 512, cap 128, fcfs, 16-token blocks, margin 0.1. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.device = device;
    b.networkDevice = networkDevice;
    b.tensorParallel = tensorParallel;
    b.pipelineStages = pipelineStages;
    b.numReplicas = numReplicas;
    b.router = router;
    b.routerParams = routerParams;
    b.replicaScheduler = replicaScheduler;
    b.chunkSize = chunkSize;
    b.batchSizeCap = batchSizeCap;
    b.maxTokensInBatch = maxTokensInBatch;
    b.requestQueue = requestQueue;
    b.sloPrefillE2eTimeNormalized = sloPrefillE2eTimeNormalized;
    b.prefixCaching = prefixCaching;
    b.blockSize = blockSize;
    b.numPreallocateTokens = numPreallocateTokens;
    b.memoryMarginFraction = memoryMarginFraction;
    b.watermarkBlocksFraction = watermarkBlocksFraction;
    b.trace = trace;
    b.workload = workload;
    b.timeLimitSeconds = timeLimitSeconds;
    b.seed = seed;
    b.executionMode = executionMode;
    b.apiServerInputSeconds = apiServerInputSeconds;
    b.apiServerOutputSeconds = apiServerOutputSeconds;
    b.modelSpec = modelSpec;
    b.nodeSpec = nodeSpec;
    b.weightDtype = weightDtype;
    b.kvCacheDtype = kvCacheDtype;
    b.expertParallel = expertParallel;
    b.layout = layout;
    b.kvTiers = kvTiers;
    return b;
  }

  /** Fluent construction with defaults. */
  public static final class Builder {
    private String model = "meta-llama/Meta-Llama-3-8B";
    private String device = "h100";
    private String networkDevice = "h100_dgx";
    private int tensorParallel = 1;
    private int pipelineStages = 1;
    private int numReplicas = 1;
    private String router = "round_robin";
    private Map<String, Object> routerParams = Map.of();
    private String replicaScheduler = "vllm_v1";
    private int chunkSize = 512;
    private int batchSizeCap = 128;
    private int maxTokensInBatch = 4096;
    private String requestQueue = "fcfs";
    private double sloPrefillE2eTimeNormalized;
    private boolean prefixCaching;
    private int blockSize = 16;
    private int numPreallocateTokens = 64;
    private double memoryMarginFraction = 0.1;
    private double watermarkBlocksFraction = 0.01;
    private String trace = "classpath:traces/mooncake/conversation_trace.jsonl";
    private WorkloadSpec workload = WorkloadSpec.poisson(1.0, 0, 0, WorkloadSpec.DEFAULT_SEED);
    private double timeLimitSeconds;
    private long seed = 67;
    private String executionMode = EngineOverhead.CUDA_GRAPHS;
    private double apiServerInputSeconds;
    private double apiServerOutputSeconds;
    private ModelSpec modelSpec;
    private NodeSpec nodeSpec;
    private String weightDtype;
    private String kvCacheDtype;
    private boolean expertParallel;
    private DisaggregatedLayout layout;
    private KvCacheTiers kvTiers;

    public Builder model(String v) { model = v; return this; }
    public Builder device(String v) { device = v; return this; }
    public Builder networkDevice(String v) { networkDevice = v; return this; }
    public Builder tensorParallel(int v) { tensorParallel = v; return this; }
    public Builder pipelineStages(int v) { pipelineStages = v; return this; }
    public Builder numReplicas(int v) { numReplicas = v; return this; }
    public Builder router(String v) { router = v; return this; }
    public Builder routerParams(Map<String, Object> v) { routerParams = v; return this; }
    public Builder replicaScheduler(String v) { replicaScheduler = v; return this; }
    public Builder chunkSize(int v) { chunkSize = v; return this; }
    public Builder batchSizeCap(int v) { batchSizeCap = v; return this; }
    public Builder maxTokensInBatch(int v) { maxTokensInBatch = v; return this; }
    public Builder requestQueue(String v) { requestQueue = v; return this; }
    public Builder sloPrefillE2eTimeNormalized(double v) { sloPrefillE2eTimeNormalized = v; return this; }
    public Builder prefixCaching(boolean v) { prefixCaching = v; return this; }
    public Builder blockSize(int v) { blockSize = v; return this; }
    public Builder numPreallocateTokens(int v) { numPreallocateTokens = v; return this; }
    public Builder memoryMarginFraction(double v) { memoryMarginFraction = v; return this; }

    /**
     * vLLM's {@code gpu_memory_utilization}: the planner budgets {@code total memory x v}, so this sets
     * {@code memory_margin_fraction = 1 - v}. The activation peak vLLM also subtracts is not modelled
     * (see {@link dev.capacity.simulator.hardware.MemoryPlanner}).
     */
    public Builder gpuMemoryUtilization(double v) {
      return memoryMarginFraction(MemoryPlanner.marginForUtilization(v));
    }
    public Builder watermarkBlocksFraction(double v) { watermarkBlocksFraction = v; return this; }
    public Builder trace(String v) { trace = v; return this; }
    public Builder workload(WorkloadSpec v) { workload = v; return this; }
    public Builder timeLimitSeconds(double v) { timeLimitSeconds = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder executionMode(String v) { executionMode = v; return this; }
    public Builder apiServerInputSeconds(double v) { apiServerInputSeconds = v; return this; }
    public Builder apiServerOutputSeconds(double v) { apiServerOutputSeconds = v; return this; }

    /** A model the catalog lacks (or a variant of one): also sets {@code model} to its identifier. */
    public Builder modelSpec(ModelSpec v) {
      modelSpec = v;
      if (v != null) {
        model = v.identifier();
      }
      return this;
    }

    /** A node type the catalog lacks: also sets {@code networkDevice} and {@code device} to its names. */
    public Builder nodeSpec(NodeSpec v) {
      nodeSpec = v;
      if (v != null) {
        networkDevice = v.name();
        device = v.device().name();
      }
      return this;
    }

    public Builder weightDtype(String v) { weightDtype = v; return this; }
    public Builder kvCacheDtype(String v) { kvCacheDtype = v; return this; }
    public Builder expertParallel(boolean v) { expertParallel = v; return this; }

    /** KV-cache tiers below GPU memory (null: GPU only). */
    public Builder kvTiers(KvCacheTiers v) { kvTiers = v; return this; }

    /** A disaggregated layout (null: colocated); also sets {@code numReplicas} to its P + D. */
    public Builder layout(DisaggregatedLayout v) {
      layout = v;
      if (v != null) {
        numReplicas = v.prefillReplicas() + v.decodeReplicas();
      }
      return this;
    }

    public SimulationConfig build() {
      return new SimulationConfig(model, device, networkDevice, tensorParallel, pipelineStages, numReplicas, router,
          routerParams, replicaScheduler, chunkSize, batchSizeCap, maxTokensInBatch, requestQueue,
          sloPrefillE2eTimeNormalized, prefixCaching, blockSize, numPreallocateTokens, memoryMarginFraction,
          watermarkBlocksFraction, trace, workload, timeLimitSeconds, seed, executionMode,
          apiServerInputSeconds, apiServerOutputSeconds, modelSpec, nodeSpec, weightDtype, kvCacheDtype,
          expertParallel, layout, kvTiers);
    }
  }
}
