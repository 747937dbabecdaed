package dev.capacity.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.capacity.simulator.batching.ReplicaSchedulerProvider;
import dev.capacity.simulator.batching.ReplicaSchedulers;
import dev.capacity.simulator.batching.RequestQueue;
import dev.capacity.simulator.engine.DisaggregatedSetup;
import dev.capacity.simulator.engine.KvTierSetup;
import dev.capacity.simulator.engine.RequestArrays;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.Dtype;
import dev.capacity.simulator.hardware.MemoryPlanner;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import dev.capacity.simulator.metrics.MetricsWriter;
import dev.capacity.simulator.routing.RouterProvider;
import dev.capacity.simulator.routing.Routers;
import dev.capacity.simulator.timing.ExecutionTimeModel;
import dev.capacity.simulator.timing.ProfileRepository;
import dev.capacity.simulator.timing.EngineOverhead;
import dev.capacity.simulator.timing.TimingModelCache;
import dev.capacity.simulator.workload.Trace;
import dev.capacity.simulator.workload.TraceReader;
import dev.capacity.simulator.workload.Workload;
import dev.capacity.simulator.workload.Workloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs simulations from {@link SimulationConfig}s. One instance serves a whole study: parsed traces and
 * execution-time tables are cached and shared by every simulation, from any number of threads.
 */
public final class Simulator {
  public static final String CLASSPATH_PREFIX = "classpath:";

  private final Routers routers;
  private final ReplicaSchedulers schedulers;
  private final TimingModelCache timing;
  private final ProfileRepository profiles;
  private final ConcurrentHashMap<String, String> profileDigests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Trace> traces = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final Consumer<String> warnings;

  /**
   * @param classLoader where routers and replica schedulers are looked up (a study's own classes)
   * @param profiles execution-time profiles
   * @param warnings receives each distinct warning once; must be thread-safe
   */
  public Simulator(ClassLoader classLoader, ProfileRepository profiles, Consumer<String> warnings) {
    this.warnings = w -> {
      if (warned.add(w)) {
        warnings.accept(w);
      }
    };
    this.routers = Routers.load(classLoader);
    this.schedulers = ReplicaSchedulers.load(classLoader);
    this.timing = new TimingModelCache(profiles, this.warnings);
    this.profiles = profiles;
  }

  /**
   * SHA-256 (hex) of the profiles a simulation of this model on this node type reads (see
   * {@link ProfileRepository#digest}); computed once per pair.
   */
  public String profileDigest(String model, String networkDevice) {
    return profileDigests.computeIfAbsent(model + "\n" + networkDevice,
        k -> profiles.digest(Catalog.model(model), Catalog.node(networkDevice)));
  }

  /**
   * Like {@link #profileDigest(String, String)} for the model and node type a config simulates,
   * whether from the catalog or defined with it (their definitions are part of the config itself). A
   * disaggregated layout whose pools run on other node types reads their profiles too: then the SHA-256
   * of the config's digest and theirs, in prefill, decode order.
   */
  public String profileDigest(SimulationConfig c) {
    ModelSpec model = model(c);
    NodeSpec node = c.nodeSpec() != null ? c.nodeSpec() : Catalog.node(c.networkDevice());
    String digest = profileDigest(model, node);
    DisaggregatedLayout l = c.layout();
    if (l == null || (l.prefillNetworkDevice() == null && l.decodeNetworkDevice() == null)) {
      return digest;
    }
    StringBuilder all = new StringBuilder(digest);
    for (NodeSpec pool : new NodeSpec[] {
        poolNode("layout", "prefill_network_device", l.prefillNetworkDevice(), l.prefillNodeSpec(), node),
        poolNode("layout", "decode_network_device", l.decodeNetworkDevice(), l.decodeNodeSpec(), node)}) {
      all.append('\n').append(profileDigest(model, pool));
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(all.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String profileDigest(ModelSpec model, NodeSpec node) {
    return profileDigests.computeIfAbsent(ProfileRepository.mlpPath(model, node.device()) + "\n"
        + node.profilesOf(), k -> profiles.digest(model, node));
  }

  /** Built-in policies and bundled profiles; warnings dropped. */
  public static Simulator withDefaults() {
    return new Simulator(Simulator.class.getClassLoader(), ProfileRepository.classpath(), w -> {});
  }

  public Routers routers() {
    return routers;
  }

  public ReplicaSchedulers replicaSchedulers() {
    return schedulers;
  }

  /** How many traces this simulator has parsed (a study whose probes are all reused parses none). */
  public int tracesParsed() {
    return traces.size();
  }

  /** The parsed trace, read once per simulator. */
  public Trace trace(String location) {
    return traces.computeIfAbsent(location, Simulator::readTrace);
  }

  private static Trace readTrace(String location) {
    if (location.startsWith(CLASSPATH_PREFIX)) {
      return TraceReader.readResource(location.substring(CLASSPATH_PREFIX.length()));
    }
    return TraceReader.read(Path.of(location));
  }

  /**
   * Validates the configuration as {@link #prepare(SimulationConfig)} does, and builds its timing model,
   * without reading the trace: the caller says whether the trace has sessions (a router may need them).
   * For checking a study up front when its probes may all be reused and the trace need not be parsed.
   */
  public void check(SimulationConfig c, boolean traceHasSessions) {
    Resolved r = resolve(c);
    checked(c, r, r.overhead(), traceHasSessions, noSessions(c.trace()));
  }

  /** What a simulation of a checked configuration runs on besides its requests. */
  private record Checked(
      int kvBlocks, ExecutionTimeModel timing, DisaggregatedSetup disaggregation, KvTierSetup kvTiers) {}

  private static String noSessions(String trace) {
    return "trace " + trace + " has no session_id column (Mooncake traces derive them)";
  }

  /**
   * The checks every way of preparing a simulation shares (routers that need sessions the requests may
   * lack, the memory plan, the tiers) and what they build (the timing models, cached study-wide).
   */
  private Checked checked(SimulationConfig c, Resolved r, EngineOverhead overhead, boolean hasSessions,
      String noSessions) {
    if (r.router().needsSessions() && !hasSessions) {
      throw new SimulationInputException("router '" + r.router().name() + "' needs sessions, but " + noSessions);
    }
    DisaggregatedLayout l = c.layout();
    if (l != null && !hasSessions && (routers.get(l.prefillRouter()).needsSessions()
        || routers.get(l.decodeRouter()).needsSessions())) {
      throw new SimulationInputException("a router of layout " + l.label(c.tensorParallel(), c.networkDevice())
          + " needs sessions, but " + noSessions);
    }
    int kvBlocks = MemoryPlanner.kvBlocks(r.model(), r.device(), c.tensorParallel(), c.pipelineStages(),
        c.memoryMarginFraction(), c.blockSize());
    ExecutionTimeModel timingModel =
        timing.get(r.model(), r.node(), c.tensorParallel(), c.pipelineStages(), overhead);
    return new Checked(kvBlocks, timingModel, l == null ? null : disaggregation(c, r, overhead), kvTiers(c, r));
  }

  /** Validates the configuration and builds everything a simulation needs. */
  public SimulationSetup prepare(SimulationConfig c) {
    Resolved r = resolve(c);
    Trace trace = trace(c.trace());
    Checked k = checked(c, r, r.overhead(), trace.hasSessions(), noSessions(trace.source()));
    if (c.prefixCaching() && !trace.hasHashes()) {
      warnings.accept(
          "prefix caching is on but trace " + trace.source()
              + " has no block hashes: no request will hit the cache");
    }
    Workload workload = Workloads.generate(trace, c.workload());
    if (workload.numClipped() > 0) {
      warnings.accept(
          workload.numClipped() + " requests of " + trace.source() + " exceed max_seq_len "
              + c.workload().maxSeqLen() + " and were clipped (prompt and output shortened proportionally)");
    }
    return setup(c, r, requestArrays(workload), k);
  }

  /**
   * Like {@link #prepare(SimulationConfig)}, but with the requests given explicitly (arrival times and
   * sizes, e.g. measured ones) instead of generated from the configuration's trace and workload, which
   * are ignored. The requests must not need sessions; they hit the prefix cache only through their hashes.
   */
  public SimulationSetup prepare(SimulationConfig c, RequestArrays requests) {
    return prepare(c, requests, resolve(c).overhead());
  }

  /**
   * Like {@link #prepare(SimulationConfig, RequestArrays)} with the engine's overhead given explicitly
   * instead of by the configuration's {@code executionMode}: for fitting its constants.
   */
  public SimulationSetup prepare(SimulationConfig c, RequestArrays requests, EngineOverhead overhead) {
    Resolved r = resolve(c);
    return setup(c, r, requests,
        checked(c, r, overhead, requests.sessionIds() != null, "the given requests have none"));
  }

  private record Resolved(
      ModelSpec model, DeviceSpec device, NodeSpec node, ReplicaSchedulerProvider scheduler,
      RouterProvider router, EngineOverhead overhead) {}

  /**
   * The prefill and decode pools of the config's layout: each pool's KV blocks and timing at its own TP
   * on its own node type (the config's unless the layout names one), its router, and the KV link (see
   * {@link DisaggregatedLayout#kvLinkGbps()} for the default).
   */
  private DisaggregatedSetup disaggregation(SimulationConfig c, Resolved r, EngineOverhead overhead) {
    DisaggregatedLayout l = c.layout();
    String what = "layout " + l.label(c.tensorParallel(), c.networkDevice());
    if (l.prefillReplicas() < 1 || l.decodeReplicas() < 1) {
      throw new SimulationInputException(what + ": prefill_replicas and decode_replicas must be >= 1, got "
          + l.prefillReplicas() + " and " + l.decodeReplicas());
    }
    if (c.numReplicas() != l.prefillReplicas() + l.decodeReplicas()) {
      throw new SimulationInputException(what + ": num_replicas must be prefill + decode replicas ("
          + (l.prefillReplicas() + l.decodeReplicas()) + "), got " + c.numReplicas());
    }
    if (!r.scheduler().supportsDisaggregation()) {
      throw new SimulationInputException(what + ": replica scheduler '" + r.scheduler().name()
          + "' cannot run decode replicas (it reserves KV at admission or takes no prefilled requests);"
          + " use vllm_v1, vllm, sarathi or lightllm");
    }
    if (l.kvTransfer() != null && !l.kvTransfer().equals(DisaggregatedLayout.AFTER_PREFILL) && !l.layerwise()) {
      throw new SimulationInputException(what + ": unknown kv_transfer '" + l.kvTransfer() + "'; allowed: "
          + DisaggregatedLayout.AFTER_PREFILL + ", " + DisaggregatedLayout.LAYERWISE);
    }
    NodeSpec prefillNode = poolNode(what, "prefill_network_device", l.prefillNetworkDevice(), l.prefillNodeSpec(),
        r.node());
    NodeSpec decodeNode = poolNode(what, "decode_network_device", l.decodeNetworkDevice(), l.decodeNodeSpec(),
        r.node());
    int tpP = l.prefillTp(c.tensorParallel());
    int tpD = l.decodeTp(c.tensorParallel());
    MemoryPlanner.checkParallelism(r.model(), prefillNode, tpP, c.pipelineStages());
    MemoryPlanner.checkParallelism(r.model(), decodeNode, tpD, c.pipelineStages());
    if (l.prefillRouter() == null || l.decodeRouter() == null) {
      throw new SimulationInputException(what + ": prefill_router and decode_router are required");
    }
    RouterProvider prefillRouter = routers.get(l.prefillRouter());
    RouterProvider decodeRouter = routers.get(l.decodeRouter());
    double bandwidth;
    if (l.kvLinkGbps() != null) {
      if (!(l.kvLinkGbps() > 0)) {
        throw new SimulationInputException(what + ": kv_link_gbps must be > 0, got " + l.kvLinkGbps());
      }
      bandwidth = l.kvLinkGbps() * 1e9;
    } else {
      // pools on different node types are on different machines: the NICs, alike on both sides
      boolean oneNode = prefillNode.equals(decodeNode)
          && (l.prefillReplicas() * tpP + l.decodeReplicas() * tpD) * c.pipelineStages()
              <= prefillNode.devicesPerNode();
      bandwidth = (oneNode ? prefillNode.interconnectBytesPerSecond()
          : NodeSpec.INTER_NODE_BYTES_PER_SECOND_PER_GPU) * Math.min(tpP, tpD);
    }
    // the slower side's
    double latency = Math.max(prefillNode.interconnectLatencySeconds(), decodeNode.interconnectLatencySeconds());
    if (l.kvLinkLatencySeconds() != null) {
      checkSeconds("kv_link_latency_s", l.kvLinkLatencySeconds());
      latency = l.kvLinkLatencySeconds();
    }
    return new DisaggregatedSetup(
        l.prefillReplicas(),
        l.decodeReplicas(),
        MemoryPlanner.kvBlocks(r.model(), prefillNode.device(), tpP, c.pipelineStages(), c.memoryMarginFraction(),
            c.blockSize()),
        MemoryPlanner.kvBlocks(r.model(), decodeNode.device(), tpD, c.pipelineStages(), c.memoryMarginFraction(),
            c.blockSize()),
        timing.get(r.model(), prefillNode, tpP, c.pipelineStages(), overhead),
        timing.get(r.model(), decodeNode, tpD, c.pipelineStages(), overhead),
        prefillRouter,
        Map.of(),
        decodeRouter,
        Map.of(),
        (double) r.model().kvBytesPerTokenPerLayer(1) * r.model().numLayers(),
        bandwidth,
        latency,
        r.model().numLayers(),
        l.layerwise());
  }

  /**
   * A pool's node type: the config's when the layout names none, else the definition given with the
   * layout or the catalog's of that name.
   */
  private static NodeSpec poolNode(String what, String key, String name, NodeSpec defined, NodeSpec config) {
    if (name == null) {
      if (defined != null) {
        throw new SimulationInputException(what + ": a node type defined for " + key + " ('" + defined.name()
            + "') needs its name in " + key);
      }
      return config;
    }
    if (defined != null) {
      if (!defined.name().equals(name)) {
        throw new SimulationInputException(what + ": " + key + " '" + name
            + "' is not the name of the node type given with it ('" + defined.name() + "')");
      }
      return defined;
    }
    if (name.equals(config.name())) {
      return config; // the config's, even when defined with the config
    }
    try {
      return Catalog.node(name);
    } catch (SimulationInputException e) {
      throw new SimulationInputException(what + ": " + key + ": " + e.getMessage());
    }
  }

  private static SimulationSetup setup(SimulationConfig c, Resolved r, RequestArrays requests, Checked k) {
    return new SimulationSetup(
        requests,
        c.numReplicas(),
        c.pipelineStages(),
        k.kvBlocks(),
        c.blockSize(),
        c.prefixCaching(),
        c.numPreallocateTokens(),
        r.scheduler(),
        c.chunkSize(),
        c.batchSizeCap(),
        c.maxTokensInBatch(),
        c.watermarkBlocksFraction(),
        c.requestQueue(),
        c.sloPrefillE2eTimeNormalized(),
        r.router(),
        c.routerParams(),
        c.seed(),
        k.timing(),
        c.timeLimitSeconds(),
        c.apiServerInputSeconds(),
        c.apiServerOutputSeconds(),
        k.disaggregation(),
        k.kvTiers());
  }

  /**
   * The config's KV-cache tiers in blocks and seconds per block: a block is {@code blockSize} tokens of
   * every layer's K and V; each GPU of a replica moves its share over its own link (PCIe for CPU memory,
   * its NIC for the pool), so a replica of g GPUs loads g times as fast as one.
   */
  private static KvTierSetup kvTiers(SimulationConfig c, Resolved r) {
    KvCacheTiers t = c.kvTiers();
    if (t == null) {
      return null;
    }
    checkPositiveOrAbsent("kv_tiers.cpu_gb", t.cpuGb(), true);
    checkPositiveOrAbsent("kv_tiers.pool_gb", t.poolGb(), true);
    checkPositiveOrAbsent("kv_tiers.cpu_gbps", t.cpuGbps(), false);
    checkPositiveOrAbsent("kv_tiers.pool_gbps", t.poolGbps(), false);
    if (t.poolLatencySeconds() != null) {
      checkSeconds("kv_tiers.pool_latency_s", t.poolLatencySeconds());
    }
    if (!t.hasCpu() && !t.hasPool()) {
      throw new SimulationInputException("kv_tiers: give cpu_gb or pool_gb (or both) greater than 0");
    }
    if (!c.prefixCaching()) {
      throw new SimulationInputException("kv_tiers: lower KV-cache tiers hold blocks by their prefix hash;"
          + " turn prefix caching on (enable_prefix_caching: true)");
    }
    double blockBytes = (double) r.model().kvBytesPerTokenPerLayer(1) * r.model().numLayers() * c.blockSize();
    long cpuBlocks = t.hasCpu() ? (long) (t.cpuGb() * 1e9 / blockBytes) : 0;
    long poolBlocks = t.hasPool() ? (long) (t.poolGb() * 1e9 / blockBytes) : 0;
    checkTierBlocks("cpu_gb", t.cpuGb(), cpuBlocks, blockBytes);
    checkTierBlocks("pool_gb", t.poolGb(), poolBlocks, blockBytes);
    DisaggregatedLayout l = c.layout();
    // each pool's host link is its own GPU's (a layout's pools may be on node types of their own)
    String prefillDevice = l == null ? r.device().name() : poolNode("layout", "prefill_network_device",
        l.prefillNetworkDevice(), l.prefillNodeSpec(), r.node()).device().name();
    String decodeDevice = l == null ? r.device().name() : poolNode("layout", "decode_network_device",
        l.decodeNetworkDevice(), l.decodeNodeSpec(), r.node()).device().name();
    double cpuBytesPerSecond = (t.cpuGbps() != null ? t.cpuGbps() : KvCacheTiers.defaultCpuGbps(prefillDevice)) * 1e9;
    double decodeCpuBytesPerSecond =
        (t.cpuGbps() != null ? t.cpuGbps() : KvCacheTiers.defaultCpuGbps(decodeDevice)) * 1e9;
    double poolBytesPerSecond = t.poolGbps() != null ? t.poolGbps() * 1e9 : NodeSpec.INTER_NODE_BYTES_PER_SECOND_PER_GPU;
    int gpus = (l == null ? c.tensorParallel() : l.prefillTp(c.tensorParallel())) * c.pipelineStages();
    int decodeGpus = (l == null ? c.tensorParallel() : l.decodeTp(c.tensorParallel())) * c.pipelineStages();
    return new KvTierSetup(
        cpuBlocks,
        blockBytes / (cpuBytesPerSecond * gpus),
        blockBytes / (decodeCpuBytesPerSecond * decodeGpus),
        poolBlocks,
        blockBytes / (poolBytesPerSecond * gpus),
        blockBytes / (poolBytesPerSecond * decodeGpus),
        t.poolLatencySeconds() != null ? t.poolLatencySeconds() : KvCacheTiers.DEFAULT_POOL_LATENCY_SECONDS);
  }

  private static void checkTierBlocks(String key, Double gb, long blocks, double blockBytes) {
    if (gb != null && gb > 0 && (blocks < 1 || blocks > Integer.MAX_VALUE)) {
      throw new SimulationInputException("kv_tiers." + key + ": " + gb + " GB holds " + blocks + " KV blocks of "
          + (long) blockBytes + " bytes; allowed: 1 to " + Integer.MAX_VALUE + " blocks");
    }
  }

  private static void checkPositiveOrAbsent(String key, Double v, boolean zeroAllowed) {
    if (v != null && (Double.isNaN(v) || Double.isInfinite(v) || v < 0 || (!zeroAllowed && v == 0))) {
      throw new SimulationInputException(key + " must be a finite number " + (zeroAllowed ? ">= 0" : "> 0")
          + ", got " + v);
    }
  }

  /** The model as simulated: the catalog's or the config's own, at the config's precisions. */
  private static ModelSpec model(SimulationConfig c) {
    ModelSpec model = c.modelSpec() != null ? c.modelSpec() : Catalog.model(c.model());
    if (c.modelSpec() != null && !c.modelSpec().identifier().equals(c.model())) {
      throw new SimulationInputException("model '" + c.model()
          + "' is not the identifier of the architecture given with it ('" + c.modelSpec().identifier()
          + "')");
    }
    Dtype weights = c.weightDtype() == null ? model.weightDtype() : Dtype.parse("weight_dtype", c.weightDtype());
    Dtype kv = c.kvCacheDtype() == null ? model.kvCacheDtype() : Dtype.parse("kv_cache_dtype", c.kvCacheDtype());
    return model.withPrecision(weights, kv).withExpertParallel(c.expertParallel());
  }

  /** The checks and name lookups that do not depend on the requests. */
  private Resolved resolve(SimulationConfig c) {
    ModelSpec model = model(c);
    NodeSpec node = c.nodeSpec() != null ? c.nodeSpec() : Catalog.node(c.networkDevice());
    DeviceSpec device = c.nodeSpec() != null ? c.nodeSpec().device() : Catalog.device(c.device());
    if (c.nodeSpec() != null && !c.nodeSpec().name().equals(c.networkDevice())) {
      throw new SimulationInputException("network_device '" + c.networkDevice()
          + "' is not the name of the node type given with it ('" + c.nodeSpec().name() + "')");
    }
    if (!node.device().name().equals(device.name())) {
      throw new SimulationInputException(
          "network_device '" + node.name() + "' has " + node.device().name() + " GPUs but device is '"
              + device.name() + "'; use a " + device.name() + "_* node type");
    }
    MemoryPlanner.checkParallelism(model, node, c.tensorParallel(), c.pipelineStages());
    if (c.numReplicas() < 1) {
      throw new SimulationInputException("num_replicas must be >= 1, got " + c.numReplicas());
    }
    if (c.chunkSize() < 1 || c.batchSizeCap() < 1) {
      throw new SimulationInputException(
          "chunk_size and batch size must be >= 1, got " + c.chunkSize() + " and " + c.batchSizeCap());
    }
    ReplicaSchedulerProvider scheduler = schedulers.get(c.replicaScheduler());
    RequestQueue.create(c.requestQueue());
    if (!scheduler.supportedQueues().contains(c.requestQueue())) {
      throw new SimulationInputException(
          "replica scheduler '" + scheduler.name() + "' cannot use request queue '" + c.requestQueue()
              + "'; allowed: " + String.join(", ", scheduler.supportedQueues()));
    }
    if (c.requestQueue().equals("edf") && !(c.sloPrefillE2eTimeNormalized() > 0)) {
      throw new SimulationInputException(
          "request queue 'edf' needs slo_prefill_e2e_time_normalized > 0 (seconds per prompt token)");
    }
    if (c.pipelineStages() > 1 && !scheduler.supportsPipelineParallel()) {
      throw new SimulationInputException(
          "replica scheduler '" + scheduler.name() + "' keeps one batch in flight and cannot run "
              + c.pipelineStages() + " pipeline stages; use pp_dimensions: [1] or another scheduler");
    }
    RouterProvider router = routers.get(c.router());
    for (String key : c.routerParams().keySet()) {
      if (!router.parameters().contains(key)) {
        throw new SimulationInputException(
            "router '" + router.name() + "' has no parameter '" + key + "'; allowed: "
                + (router.parameters().isEmpty() ? "none" : String.join(", ", router.parameters())));
      }
    }
    if (c.executionMode() == null) {
      throw new SimulationInputException(
          "execution_mode is missing; allowed: " + String.join(", ", EngineOverhead.MODES));
    }
    EngineOverhead overhead = EngineOverhead.of(c.executionMode());
    checkSeconds("api_server_input_seconds", c.apiServerInputSeconds());
    checkSeconds("api_server_output_seconds", c.apiServerOutputSeconds());
    return new Resolved(model, device, node, scheduler, router, overhead);
  }

  private static void checkSeconds(String key, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new SimulationInputException(key + " must be a finite number of seconds >= 0, got " + v);
    }
  }

  static RequestArrays requestArrays(Workload w) {
    int n = w.size();
    int[] hashStart = new int[n];
    int[] hashCount = new int[n];
    int[] sessions = w.trace().hasSessions() ? new int[n] : null;
    for (int i = 0; i < n; i++) {
      if (w.hasHashes()) {
        hashStart[i] = w.hashStart(i);
        hashCount[i] = w.numHashes(i);
      }
      if (sessions != null) {
        sessions[i] = w.sessionId(i);
      }
    }
    return new RequestArrays(
        w.arrivalSecondsColumn(),
        w.prefillTokensColumn(),
        w.decodeTokensColumn(),
        w.hasHashes() ? w.trace().blockHashes() : null,
        hashStart,
        hashCount,
        sessions);
  }

  public SimulationOutcome run(SimulationConfig config) {
    return new Simulation(prepare(config)).run();
  }

  /**
   * Writes {@code config.json}, {@code request_metrics.csv}, {@code plots/} and {@code summary.json} into
   * {@code dir}.
   */
  public static void writeOutputs(Path dir, SimulationConfig config, SimulationOutcome outcome) {
    writeOutputs(dir, config, outcome, true);
  }

  /** Like {@link #writeOutputs(Path, SimulationConfig, SimulationOutcome)}, the per-request CSV only if asked. */
  public static void writeOutputs(
      Path dir, SimulationConfig config, SimulationOutcome outcome, boolean requestMetrics) {
    MetricsWriter.write(dir, outcome, requestMetrics);
    try {
      Files.write(dir.resolve("config.json"), CONFIG_JSON.writeValueAsBytes(config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("config.json") + ": " + e.getMessage(), e);
    }
  }

  private static final ObjectMapper CONFIG_JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
}
