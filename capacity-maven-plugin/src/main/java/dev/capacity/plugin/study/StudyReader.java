package dev.capacity.plugin.study;

import dev.capacity.simulator.DisaggregatedLayout;
import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.Dtype;
import dev.capacity.simulator.hardware.NodeSpec;
import dev.capacity.simulator.timing.EngineOverhead;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates a study YAML: Vidur's config-explorer schema (reference §7.2) plus an
 * optional top-level {@code capacity:} map of our settings ({@link CapacitySettings}).
 *
 * <p>The YAML is composed into snakeyaml nodes, not constructed into maps, so every value keeps its
 * line and column and every problem of the file is reported at once before anything runs.
 */
public final class StudyReader {
  private static final List<String> TOP_LEVEL = List.of("clusters", "global_schedulers",
      "request_queues", "replica_schedulers", "slo_configs", "traces", "batch_sizes",
      "tp_dimensions", "pp_dimensions", "models", "search_configs");

  private final Path yaml;
  private final Vocabulary vocabulary;
  private final ScoringVocabulary scoring;
  private final NodeReader r;
  /** Names of traces[] / models[] items, valid or not: a broken item's problem is already reported. */
  private final List<String> traceNames = new ArrayList<>();
  private final List<String> modelNames = new ArrayList<>();
  /** The clusters[] items read (before search configs: a layout's pools name their node types). */
  private List<ClusterSpec> clusterItems = List.of();
  /** network_device of every clusters[] item, valid or not. */
  private final List<String> clusterNetworkDevices = new ArrayList<>();

  private StudyReader(Path yaml, Vocabulary vocabulary, ScoringVocabulary scoring) {
    this.yaml = yaml;
    this.vocabulary = vocabulary;
    this.scoring = scoring;
    this.r = new NodeReader(yaml.toString());
  }

  public static Study read(Path yaml) throws IOException, StudyValidationException {
    return read(yaml, Vocabulary.builtin());
  }

  /** Reads with the given allowed names (built-ins plus any registered extensions). */
  public static Study read(Path yaml, Vocabulary vocabulary)
      throws IOException, StudyValidationException {
    return read(yaml, vocabulary, ScoringVocabulary.builtin());
  }

  /** Reads with the given allowed names and the filters and scorers a {@code scorer} router may use. */
  public static Study read(Path yaml, Vocabulary vocabulary, ScoringVocabulary scoring)
      throws IOException, StudyValidationException {
    return new StudyReader(yaml, vocabulary, scoring).read();
  }

  private Study read() throws IOException, StudyValidationException {
    String text = utf8(Files.readAllBytes(yaml));
    Node root = text == null ? null : compose(text);
    Study study = root == null ? null : study(root);
    if (!r.problems().isEmpty() || study == null) {
      // file order reads best; the sort is stable, so problems at one spot keep discovery order
      List<Problem> problems = new ArrayList<>(r.problems());
      problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
      throw new StudyValidationException(problems);
    }
    return study;
  }

  /**
   * The file as text, or null after a problem at the first byte that is not UTF-8: a binary file would
   * otherwise surface as the JDK's bare "Input length = 1".
   */
  private String utf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      r.problem(new Location(r.file(), line, offset - lineStart + 1), String.format(Locale.ROOT,
          "not a UTF-8 text file: byte 0x%02x at offset %d is not UTF-8 (is this a binary file?);"
              + " the study must be YAML text in UTF-8", bytes[offset] & 0xff, offset));
      return null;
    }
    return out.flip().toString();
  }

  private Node compose(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try {
      Node root = new Yaml(options).compose(new StringReader(text));
      if (root == null) {
        r.problem(new Location(r.file(), 1, 1), "the study is empty");
      }
      return root;
    } catch (MarkedYAMLException e) {
      syntaxError(e);
    } catch (YAMLException e) {
      r.problem(new Location(r.file(), 1, 1), "not valid YAML: " + e.getMessage());
    }
    return null;
  }

  /**
   * snakeyaml's problem mark is where the parser gave up, often lines after the mistake. An unclosed
   * quote or bracket is explained by the context mark (where it was opened), so that one is reported;
   * a block (indentation) error is best located by the problem mark. Either way it is "near".
   */
  private void syntaxError(MarkedYAMLException e) {
    Mark problem = e.getProblemMark();
    Mark context = e.getContextMark();
    String contextText = e.getContext();
    boolean opened = contextText != null && context != null
        && (contextText.startsWith("while scanning") || contextText.contains(" flow "))
        && (problem == null || context.getIndex() < problem.getIndex());
    Mark mark = opened || problem == null ? context : problem;
    if (mark == null) {
      r.problem(new Location(r.file(), 1, 1), "not valid YAML: " + e.getProblem());
      return;
    }
    String message;
    if (opened) {
      message = contextText + " that starts here (line " + (context.getLine() + 1) + ", column "
          + (context.getColumn() + 1) + "): " + e.getProblem()
          + (problem == null ? "" : " at line " + (problem.getLine() + 1) + ", column "
              + (problem.getColumn() + 1)) + "; is a quote or bracket left open?";
    } else {
      message = e.getProblem() + " at line " + (mark.getLine() + 1) + ", column "
          + (mark.getColumn() + 1) + (contextText == null || context == null ? ""
              : " (" + contextText + " that starts at line " + (context.getLine() + 1)
                  + ", column " + (context.getColumn() + 1) + ")")
          + "; check the indentation of this line and the line before";
    }
    r.problem(new Location(r.file(), mark.getLine() + 1, mark.getColumn() + 1),
        "not valid YAML near line " + (mark.getLine() + 1) + ": " + message);
  }

  private Study study(Node root) {
    NodeReader.Fields top = r.fields(root, "study", TOP_LEVEL, List.of("capacity"));
    if (top == null) {
      return null;
    }
    List<ClusterSpec> clusters = section(top, "clusters", this::cluster);
    clusterItems = clusters == null ? List.of() : clusters;
    List<GlobalSchedulerSpec> routers = flatten(section(top, "global_schedulers", this::router));
    List<RequestQueueSpec> queues = section(top, "request_queues", this::queue);
    List<ReplicaSchedulerSpec> replicaSchedulers =
        section(top, "replica_schedulers", this::replicaScheduler);
    List<SloConfig> slos = section(top, "slo_configs", this::sloConfig);
    List<TraceSpec> traces = section(top, "traces", this::trace);
    List<Integer> batchSizes = dimensions(top, "batch_sizes");
    List<Integer> tps = dimensions(top, "tp_dimensions");
    List<Integer> pps = dimensions(top, "pp_dimensions");
    List<ModelSpec> models = section(top, "models", this::model);
    int before = r.problems().size();
    List<SearchConfig> searches = flatten(section(top, "search_configs", this::searchConfig));
    boolean searchesClean = r.problems().size() == before;
    CapacitySettings settings = top.has("capacity") ? settings(top.get("capacity"))
        : CapacitySettings.DEFAULTS;

    unique(clusters, ClusterSpec::key, ClusterSpec::at, "cluster network_device");
    sameHardware(clusters);
    unique(routers, GlobalSchedulerSpec::key, GlobalSchedulerSpec::at, "global scheduler");
    unique(queues, RequestQueueSpec::name, RequestQueueSpec::at, "request queue name");
    unique(replicaSchedulers, ReplicaSchedulerSpec::key, ReplicaSchedulerSpec::at,
        "replica scheduler");
    unique(slos, SloConfig::name, SloConfig::at, "SLO config name");
    unique(traces, TraceSpec::name, TraceSpec::at, "trace name");
    unique(models, ModelSpec::name, ModelSpec::at, "model name");
    if (searchesClean && traces != null && models != null) {
      crossCheck(searches, traces, models, clusters, routers, tps);
    }
    if (!r.problems().isEmpty()) {
      return null;
    }
    return new Study(yaml, clusters, routers, queues, replicaSchedulers, slos, traces, batchSizes,
        tps, pps, models, searches, settings);
  }

  /** A required non-empty list of items. */
  private <T> List<T> section(NodeReader.Fields top, String key,
      BiFunction<Node, String, T> item) {
    Node node = top.get(key);
    if (node == null) {
      return null; // missing key already reported
    }
    List<T> items = r.items(node, key, item);
    if (items != null && items.isEmpty() && ((SequenceNode) node).getValue().isEmpty()) {
      r.problem(node, key + ": must list at least one item");
    }
    return items;
  }

  private List<Integer> dimensions(NodeReader.Fields top, String key) {
    List<Integer> values = section(top, key, (n, w) -> r.integer(n, w, 1));
    if (values != null && values.stream().distinct().count() < values.size()) {
      r.problem(top.get(key), key + ": lists a value twice " + values);
    }
    return values;
  }

  /** The keys that define a cluster's own device and node type; all four or none. */
  static final List<String> HARDWARE_KEYS = List.of("memory_gb", "bf16_tflops",
      "memory_bandwidth_gbps", "interconnect_gbps");

  /** Optional with an inline device only. */
  static final List<String> HARDWARE_OPTIONAL = List.of("fp8_tflops", "interconnect_latency_us");

  /** Default {@code interconnect_latency_us}: the catalog's collective latency. */
  static final double DEFAULT_LATENCY_US = 20;

  /** bf16, fp16, fp8. */
  static final List<String> DTYPES = Arrays.stream(Dtype.values()).map(Dtype::yamlName).toList();

  private ClusterSpec cluster(Node node, String where) {
    List<String> optional = new ArrayList<>(List.of("execution_mode", "api_server_input_seconds",
        "api_server_output_seconds", "cost_per_gpu_hour"));
    optional.addAll(HARDWARE_KEYS);
    optional.addAll(HARDWARE_OPTIONAL);
    optional.addAll(List.of("weight_dtype", "kv_cache_dtype", "expert_parallel"));
    NodeReader.Fields f = r.fields(node, where, List.of("device", "network_device",
        "gpus_per_node"), optional);
    if (f == null) {
      return null;
    }
    String device = str(f, "device");
    String network = str(f, "network_device");
    if (network != null) {
      clusterNetworkDevices.add(network);
    }
    Integer gpus = f.has("gpus_per_node") ? r.integer(f.get("gpus_per_node"),
        f.path("gpus_per_node"), 1) : null;
    String mode = f.has("execution_mode") ? r.oneOf(f.get("execution_mode"), f.path("execution_mode"),
        EngineOverhead.MODES, "execution mode") : EngineOverhead.CUDA_GRAPHS;
    YamlNumber apiIn = seconds(f, "api_server_input_seconds");
    YamlNumber apiOut = seconds(f, "api_server_output_seconds");
    YamlNumber cost = f.has("cost_per_gpu_hour") ? r.number(f.get("cost_per_gpu_hour"),
        f.path("cost_per_gpu_hour"), true) : null;
    String weights = dtype(f, "weight_dtype");
    String kvCache = dtype(f, "kv_cache_dtype");
    Boolean ep = f.has("expert_parallel") ? r.bool(f.get("expert_parallel"),
        f.path("expert_parallel")) : Boolean.FALSE;
    int before = r.problems().size();
    NodeSpec inline = inlineNode(f, device, network, gpus);
    boolean hardwareOk = r.problems().size() == before;
    // a bad optional value is reported at its key and fails the study; the cluster stays (with the
    // default in its place), so no "yields no job" cascade follows
    return device == null || network == null || gpus == null || !hardwareOk ? null
        : new ClusterSpec(device, network, gpus, r.at(node), r.at(f.get("device")),
            r.at(f.get("network_device")), mode == null ? EngineOverhead.CUDA_GRAPHS : mode,
            apiIn == null ? 0 : apiIn.value(), apiOut == null ? 0 : apiOut.value(),
            cost == null ? null : cost.value(), inline, weights, kvCache, ep != null && ep);
  }

  /** An optional precision, one of {@link #DTYPES}; null when absent or after a reported problem. */
  private String dtype(NodeReader.Fields f, String key) {
    return f.has(key) ? r.oneOf(f.get(key), f.path(key), DTYPES, key.replace('_', ' ')) : null;
  }

  /**
   * The cluster's own device and node type when it gives the hardware keys; null for a catalog node
   * type (or an inline definition identical to the catalog's, which then is the catalog's).
   */
  private NodeSpec inlineNode(NodeReader.Fields f, String device, String network, Integer gpus) {
    List<String> given = HARDWARE_KEYS.stream().filter(f::has).toList();
    if (given.isEmpty()) {
      for (String key : HARDWARE_OPTIONAL) {
        if (f.has(key)) {
          r.problem(f.get(key), f.path(key) + ": only a cluster that defines its own device takes '"
              + key + "' (with " + String.join(", ", HARDWARE_KEYS) + "); a catalog node type has"
              + " its own");
        }
      }
      return null;
    }
    if (given.size() < HARDWARE_KEYS.size()) {
      r.problem(f.node(), f.where() + ": a cluster that defines its own device needs all of "
          + String.join(", ", HARDWARE_KEYS) + "; missing: " + String.join(", ",
              HARDWARE_KEYS.stream().filter(k -> !f.has(k)).toList()));
      return null;
    }
    YamlNumber memory = r.number(f.get("memory_gb"), f.path("memory_gb"), true);
    YamlNumber bf16 = r.number(f.get("bf16_tflops"), f.path("bf16_tflops"), true);
    YamlNumber bandwidth = r.number(f.get("memory_bandwidth_gbps"), f.path("memory_bandwidth_gbps"),
        true);
    YamlNumber interconnect = r.number(f.get("interconnect_gbps"), f.path("interconnect_gbps"), true);
    YamlNumber fp8 = f.has("fp8_tflops") ? r.number(f.get("fp8_tflops"), f.path("fp8_tflops"), false)
        : YamlNumber.ofInt(0);
    YamlNumber latency = f.has("interconnect_latency_us") ? r.number(f.get("interconnect_latency_us"),
        f.path("interconnect_latency_us"), false) : YamlNumber.ofFloat(DEFAULT_LATENCY_US);
    if (memory == null || bf16 == null || bandwidth == null || interconnect == null || fp8 == null
        || latency == null || device == null || network == null || gpus == null) {
      return null;
    }
    DeviceSpec d;
    NodeSpec n;
    try {
      d = new DeviceSpec(device, memory.value(), bf16.value(), bandwidth.value(), fp8.value());
      n = new NodeSpec(network, d, gpus, interconnect.value(), latency.value());
    } catch (SimulationInputException e) {
      r.problem(f.node(), f.where() + ": " + e.getMessage());
      return null;
    }
    // a catalog name means the catalog's hardware (and profiles): the same values, or another name
    DeviceSpec known = Catalog.devices().stream().filter(c -> c.name().equals(device)).findFirst()
        .orElse(null);
    if (known != null) {
      if (!sameDevice(known, d)) {
        r.problem(f.get("device"), f.path("device") + ": '" + device + "' is a catalog device ("
            + describe(known) + "), not " + describe(d) + "; name your own device differently, or"
            + " give the catalog's values");
        return null;
      }
      d = known;
      n = new NodeSpec(network, d, gpus, interconnect.value(), latency.value());
    }
    NodeSpec knownNode = Catalog.nodes().stream().filter(c -> c.name().equals(network)).findFirst()
        .orElse(null);
    if (knownNode != null) {
      if (!knownNode.device().equals(d) || knownNode.devicesPerNode() != gpus
          || knownNode.interconnectGbps() != n.interconnectGbps()
          || knownNode.interconnectLatencyUs() != n.interconnectLatencyUs()) {
        r.problem(f.get("network_device"), f.path("network_device") + ": '" + network
            + "' is a catalog node type (" + knownNode.devicesPerNode() + " x " + knownNode.device().name()
            + " " + describe(knownNode.device()) + ", interconnect_gbps " + num(knownNode.interconnectGbps())
            + ", interconnect_latency_us " + num(knownNode.interconnectLatencyUs())
            + "); a cluster that defines its own device needs a network_device name of its own");
        return null;
      }
      return null; // identical to the catalog's: it is the catalog's node type
    }
    return n;
  }

  private static boolean sameDevice(DeviceSpec a, DeviceSpec b) {
    return a.totalMemoryGb() == b.totalMemoryGb() && a.peakTflops() == b.peakTflops()
        && a.memoryBandwidthGbps() == b.memoryBandwidthGbps() && a.fp8Tflops() == b.fp8Tflops();
  }

  private static String describe(DeviceSpec d) {
    return "memory_gb " + num(d.totalMemoryGb()) + ", bf16_tflops " + num(d.peakTflops())
        + ", fp8_tflops " + num(d.fp8Tflops()) + ", memory_bandwidth_gbps "
        + num(d.memoryBandwidthGbps());
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** An optional number of seconds >= 0, zero when absent; null after a reported problem. */
  private YamlNumber seconds(NodeReader.Fields f, String key) {
    return f.has(key) ? r.number(f.get(key), f.path(key), false) : YamlNumber.ofInt(0);
  }

  /** One router, or one per weighting of a {@code scorer} item. */
  private List<GlobalSchedulerSpec> router(Node node, String where) {
    List<String> optional = new ArrayList<>(List.of("top_k", "tolerance_factor"));
    optional.addAll(ScorerSpecReader.KEYS);
    NodeReader.Fields f = r.fields(node, where, List.of("scheduler"), optional);
    if (f == null) {
      return null;
    }
    String name = f.has("scheduler") ? r.oneOf(f.get("scheduler"), f.path("scheduler"),
        sorted(vocabulary.routers()), "router") : null;
    Integer topK = f.has("top_k") ? r.integer(f.get("top_k"), f.path("top_k"), 1) : null;
    YamlNumber tolerance = f.has("tolerance_factor")
        ? r.number(f.get("tolerance_factor"), f.path("tolerance_factor"), true) : null;
    if (name == null) {
      return null;
    }
    boolean ok = parameter(f, name, "top_k", GlobalSchedulerSpec.RANKED)
        & parameter(f, name, "tolerance_factor", GlobalSchedulerSpec.TOLERANT)
        & parameter(f, name, "scorers", GlobalSchedulerSpec.SCORER);
    for (String key : ScorerSpecReader.KEYS) {
      ok &= key.equals("scorers") || !f.has(key) || parameter(f, name, key, GlobalSchedulerSpec.SCORER);
    }
    if (!ok || (f.has("top_k") && topK == null)
        || (f.has("tolerance_factor") && tolerance == null)) {
      return null;
    }
    OptionalInt k = topK == null ? OptionalInt.empty() : OptionalInt.of(topK);
    if (!name.equals(GlobalSchedulerSpec.SCORER)) {
      return List.of(new GlobalSchedulerSpec(name, k, Optional.ofNullable(tolerance), r.at(node)));
    }
    List<ScorerSpec> specs = new ScorerSpecReader(r, scoring).read(f);
    return specs == null ? null : specs.stream().map(s -> new GlobalSchedulerSpec(name, k,
        Optional.ofNullable(tolerance), r.at(node), Optional.of(s))).toList();
  }

  private static <T> List<T> flatten(List<List<T>> lists) {
    return lists == null ? null : lists.stream().flatMap(List::stream).toList();
  }

  /** A router parameter is required for its own router and meaningless for every other. */
  private boolean parameter(NodeReader.Fields f, String router, String key, String owner) {
    if (router.equals(owner) && !f.has(key)) {
      r.problem(f.node(), f.where() + ": " + owner + " requires '" + key + "'");
      return false;
    }
    if (!router.equals(owner) && f.has(key)) {
      r.problem(f.get(key), f.path(key) + ": only " + owner + " takes '" + key + "', not "
          + router);
      return false;
    }
    return true;
  }

  private RequestQueueSpec queue(Node node, String where) {
    String slo = "slo_prefill_e2e_time_normalized";
    NodeReader.Fields f = r.fields(node, where, List.of("name", "provider"), List.of(slo));
    if (f == null) {
      return null;
    }
    String name = str(f, "name");
    String provider = f.has("provider") ? r.oneOf(f.get("provider"), f.path("provider"),
        List.of(RequestQueueSpec.FCFS, RequestQueueSpec.EDF), "request queue provider") : null;
    YamlNumber deadline = f.has(slo) ? r.number(f.get(slo), f.path(slo), true) : null;
    if (RequestQueueSpec.EDF.equals(provider) && !f.has(slo)) {
      r.problem(node, where + ": an edf queue requires '" + slo
          + "' (its deadline, seconds per prefill token)");
      return null;
    }
    if (RequestQueueSpec.FCFS.equals(provider) && f.has(slo)) {
      r.problem(f.get(slo), f.path(slo) + ": only an edf queue uses a deadline; fcfs would ignore"
          + " it");
      return null;
    }
    return name == null || provider == null || (f.has(slo) && deadline == null) ? null
        : new RequestQueueSpec(name, provider, Optional.ofNullable(deadline), r.at(node));
  }

  private ReplicaSchedulerSpec replicaScheduler(Node node, String where) {
    NodeReader.Fields f = r.fields(node, where, List.of("scheduler"), List.of("chunk_size"));
    if (f == null) {
      return null;
    }
    String name = f.has("scheduler") ? r.oneOf(f.get("scheduler"), f.path("scheduler"),
        sorted(vocabulary.replicaSchedulers()), "replica scheduler") : null;
    Integer chunk = f.has("chunk_size") ? r.integer(f.get("chunk_size"), f.path("chunk_size"), 1)
        : null;
    if (name == null) {
      return null;
    }
    boolean chunked = vocabulary.chunkedReplicaSchedulers().contains(name);
    if (chunked && !f.has("chunk_size")) {
      r.problem(node, where + ": replica scheduler " + name + " requires 'chunk_size'");
      return null;
    }
    if (!chunked && f.has("chunk_size")) {
      r.problem(f.get("chunk_size"), f.path("chunk_size") + ": replica scheduler " + name
          + " does not chunk prefills; only " + sorted(vocabulary.chunkedReplicaSchedulers())
          + " take 'chunk_size'");
      return null;
    }
    return chunked && chunk == null ? null : new ReplicaSchedulerSpec(name,
        chunk == null ? OptionalInt.empty() : OptionalInt.of(chunk), r.at(node));
  }

  private SloConfig sloConfig(Node node, String where) {
    NodeReader.Fields f = r.fields(node, where, List.of("name", "quantile", "slos"),
        List.of("type"));
    if (f == null) {
      return null;
    }
    String name = str(f, "name");
    String type = f.has("type") ? r.oneOf(f.get("type"), f.path("type"), List.of("and", "or"),
        "SLO combination type") : "and";
    YamlNumber quantile = f.has("quantile") ? r.number(f.get("quantile"), f.path("quantile"), true)
        : null;
    if (quantile != null && quantile.value() > 1) {
      r.problem(f.get("quantile"), f.path("quantile") + ": must be in (0, 1], found "
          + quantile.text());
      quantile = null;
    }
    List<Slo> slos = null;
    if (f.has("slos")) {
      slos = r.items(f.get("slos"), f.path("slos"), this::slo);
      if (slos != null && ((SequenceNode) f.get("slos")).getValue().isEmpty()) {
        r.problem(f.get("slos"), f.path("slos") + ": must list at least one SLO");
        slos = null;
      }
    }
    return name == null || type == null || quantile == null || slos == null ? null
        : new SloConfig(name, SloType.valueOf(type.toUpperCase(Locale.ROOT)), quantile,
            slos, r.at(node));
  }

  private Slo slo(Node node, String where) {
    NodeReader.Fields f = r.fields(node, where, List.of("metric", "value"), List.of());
    if (f == null) {
      return null;
    }
    String metric = f.has("metric") ? r.oneOf(f.get("metric"), f.path("metric"),
        sorted(vocabulary.metrics()), "SLO metric") : null;
    YamlNumber value = f.has("value") ? r.number(f.get("value"), f.path("value"), false) : null;
    if (value != null && value.value() == 0) {
      // a bound of 0 fails every request: every capacity 0, and a gate without baseline stays green
      r.problem(f.get("value"), f.path("value") + ": must be greater than 0 (the bound of "
          + metric + "), found " + value.text() + "; a bound of 0 fails every request, so every"
          + " capacity would be 0");
      value = null;
    }
    return metric == null || value == null ? null : new Slo(metric, value, r.at(node));
  }

  /** Prefix of a trace bundled with the simulator, instead of a file path. */
  public static final String BUNDLED = "bundled:";

  public static final List<String> BUNDLED_TRACES = List.of(
      "bundled:mooncake/conversation_trace.jsonl", "bundled:mooncake/synthetic_trace.jsonl",
      "bundled:vidur/splitwise_conv.csv", "bundled:vidur/splitwise_code.csv",
      "bundled:vidur/arxiv_summarization_stats_llama2_tokenizer_filtered_v2.csv");

  private TraceSpec trace(Node node, String where) {
    NodeReader.Fields f = r.fields(node, where, List.of("name", "trace_file", "max_seq_len"),
        List.of("enable_prefix_caching"));
    if (f == null) {
      return null;
    }
    String name = str(f, "name");
    if (name != null) {
      traceNames.add(name);
    }
    String file = str(f, "trace_file");
    Integer maxSeqLen = f.has("max_seq_len") ? r.integer(f.get("max_seq_len"),
        f.path("max_seq_len"), 1) : null;
    Boolean caching = f.has("enable_prefix_caching") ? r.bool(f.get("enable_prefix_caching"),
        f.path("enable_prefix_caching")) : Boolean.TRUE;
    Path resolved = null;
    if (file != null && file.startsWith(BUNDLED)) {
      String resource = "traces/" + file.substring(BUNDLED.length());
      if (StudyReader.class.getClassLoader().getResource(resource) == null) {
        r.problem(f.get("trace_file"), f.path("trace_file") + ": no bundled trace '" + file
            + "'; bundled: " + String.join(", ", BUNDLED_TRACES));
      } else {
        resolved = Path.of(file);
      }
    } else if (file != null) {
      Path dir = yaml.toAbsolutePath().getParent();
      resolved = dir.resolve(file).normalize();
      if (!Files.isRegularFile(resolved)) {
        r.problem(f.get("trace_file"), f.path("trace_file") + ": trace file not found: "
            + resolved + " (resolved against the study's directory)");
        resolved = null;
      }
    }
    return name == null || resolved == null || maxSeqLen == null || caching == null ? null
        : new TraceSpec(name, resolved, maxSeqLen, caching, r.at(node),
            r.at(f.get("trace_file")), r.at(f.get("max_seq_len")));
  }

  private ModelSpec model(Node node, String where) {
    List<String> optional = new ArrayList<>(List.of("exclude_tp_dims", "config", "weight_dtype",
        "kv_cache_dtype"));
    optional.addAll(ArchitectureReader.KEYS);
    NodeReader.Fields f = r.fields(node, where, List.of("name", "identifier"), optional);
    if (f == null) {
      return null;
    }
    String name = str(f, "name");
    if (name != null) {
      modelNames.add(name);
    }
    String identifier = str(f, "identifier");
    List<Integer> excluded = f.has("exclude_tp_dims") ? r.items(f.get("exclude_tp_dims"),
        f.path("exclude_tp_dims"), (n, w) -> r.integer(n, w, 1)) : List.of();
    String weights = dtype(f, "weight_dtype");
    String kvCache = dtype(f, "kv_cache_dtype");
    List<String> inlineKeys = ArchitectureReader.KEYS.stream().filter(f::has).toList();
    int before = r.problems().size();
    dev.capacity.simulator.hardware.ModelSpec architecture = null;
    if (f.has("config") && !inlineKeys.isEmpty()) {
      r.problem(f.get("config"), f.path("config") + ": give the architecture either as config: or"
          + " as inline keys, not both (inline: " + String.join(", ", inlineKeys) + ")");
    } else if (f.has("config")) {
      String config = str(f, "config");
      if (config != null && identifier != null) {
        architecture = new ArchitectureReader(r).configJson(identifier,
            yaml.toAbsolutePath().getParent().resolve(config).normalize(), f.get("config"),
            f.path("config"));
      }
    } else if (!inlineKeys.isEmpty() && identifier != null) {
      architecture = new ArchitectureReader(r).inline(identifier, f);
    }
    boolean ok = r.problems().size() == before;
    return name == null || identifier == null || excluded == null || !ok ? null
        : new ModelSpec(name, identifier, excluded, r.at(node), r.at(f.get("identifier")),
            architecture, weights, kvCache);
  }

  /**
   * One search config, or several when its {@code layout:} lists prefill replica counts (the P:D splits
   * of a fixed {@code num_replicas}: one search config, and job, per split).
   */
  private List<SearchConfig> searchConfig(Node node, String where) {
    NodeReader.Fields f = r.fields(node, where, List.of("trace", "model", "search_for",
        "num_replicas", "qps", "num_requests"), List.of("qps_multipliers", "layout", "kv_tiers"));
    if (f == null) {
      return null;
    }
    String trace = str(f, "trace");
    String model = str(f, "model");
    String mode = f.has("search_for") ? r.oneOf(f.get("search_for"), f.path("search_for"),
        List.of("qps", "num_replicas", "isoqps"), "search_for") : null;
    Integer replicas = f.has("num_replicas") ? r.integer(f.get("num_replicas"),
        f.path("num_replicas"), 1) : null;
    YamlNumber qps = f.has("qps") ? r.number(f.get("qps"), f.path("qps"), true) : null;
    Integer requests = f.has("num_requests") ? r.integer(f.get("num_requests"),
        f.path("num_requests"), 1) : null;
    int before = r.problems().size();
    List<YamlNumber> multipliers = f.has("qps_multipliers") ? r.items(f.get("qps_multipliers"),
        f.path("qps_multipliers"), (n, w) -> r.number(n, w, true)) : List.of();
    if (r.problems().size() > before) {
      return null; // a bad multiplier is already reported; an emptiness message would mislead
    }
    if (mode != null) {
      boolean iso = mode.equals("isoqps");
      if (iso && multipliers.isEmpty()) {
        r.problem(f.has("qps_multipliers") ? f.get("qps_multipliers") : node,
            where + ": search_for isoqps requires a non-empty 'qps_multipliers'");
        return null;
      }
      if (!iso && !multipliers.isEmpty()) {
        r.problem(f.get("qps_multipliers"), f.path("qps_multipliers") + ": only search_for isoqps"
            + " takes multipliers, not " + mode);
        return null;
      }
    }
    List<LayoutSpec> layouts = java.util.Collections.singletonList(null); // colocated
    if (f.has("layout")) {
      layouts = layouts(f.get("layout"), f.path("layout"), replicas);
      if (layouts == null) {
        return null;
      }
      LayoutSpec layout = layouts.get(0); // a list of splits is consistent with num_replicas by construction
      if ("num_replicas".equals(mode)) {
        r.problem(f.get("layout"), f.path("layout") + ": a disaggregated layout fixes its replicas;"
            + " allowed with search_for qps or isoqps, not num_replicas");
        return null;
      }
      if (replicas != null && replicas != layout.prefillReplicas() + layout.decodeReplicas()) {
        r.problem(f.get("num_replicas"), f.path("num_replicas") + ": " + replicas + " is not the layout's "
            + layout.prefillReplicas() + " prefill + " + layout.decodeReplicas() + " decode replicas; set it to "
            + (layout.prefillReplicas() + layout.decodeReplicas()));
        return null;
      }
    }
    KvTiersSpec tiers = null;
    if (f.has("kv_tiers")) {
      tiers = kvTiers(f.get("kv_tiers"), f.path("kv_tiers"));
      if (tiers == null) {
        return null;
      }
    }
    if (trace == null || model == null || mode == null || replicas == null || qps == null
        || requests == null || multipliers == null) {
      return null;
    }
    List<SearchConfig> out = new ArrayList<>();
    for (LayoutSpec layout : layouts) {
      out.add(new SearchConfig(trace, model, SearchMode.fromYaml(mode), replicas, qps, requests,
          multipliers, r.at(node), layout, tiers));
    }
    return out;
  }

  /**
   * A search config's {@code kv_tiers:} mapping: CPU memory per replica and a shared pool below GPU
   * memory, with their bandwidths; at least one of {@code cpu_gb} and {@code pool_gb}.
   */
  private KvTiersSpec kvTiers(Node node, String where) {
    NodeReader.Fields f = r.fields(node, where, List.of(),
        List.of("cpu_gb", "cpu_gbps", "pool_gb", "pool_gbps", "pool_latency_s"));
    if (f == null) {
      return null;
    }
    int before = r.problems().size();
    Double cpuGb = positive(f, "cpu_gb");
    Double cpuGbps = positive(f, "cpu_gbps");
    Double poolGb = positive(f, "pool_gb");
    Double poolGbps = positive(f, "pool_gbps");
    YamlNumber latency = f.has("pool_latency_s")
        ? r.number(f.get("pool_latency_s"), f.path("pool_latency_s"), false) : null;
    if (r.problems().size() > before) {
      return null;
    }
    if (cpuGb == null && poolGb == null) {
      r.problem(node, where + ": give cpu_gb (CPU memory per replica for KV blocks, GB) or pool_gb (a pool"
          + " shared by the replicas, GB), or both");
      return null;
    }
    if (cpuGbps != null && cpuGb == null) {
      r.problem(f.get("cpu_gbps"), f.path("cpu_gbps") + ": a bandwidth for a CPU tier that is not there;"
          + " give cpu_gb too");
      return null;
    }
    if ((poolGbps != null || latency != null) && poolGb == null) {
      r.problem(f.has("pool_gbps") ? f.get("pool_gbps") : f.get("pool_latency_s"), where
          + ": pool_gbps and pool_latency_s describe a pool that is not there; give pool_gb too");
      return null;
    }
    return new KvTiersSpec(cpuGb, cpuGbps, poolGb, poolGbps, latency == null ? null : latency.value(), r.at(node));
  }

  private Double positive(NodeReader.Fields f, String key) {
    if (!f.has(key)) {
      return null;
    }
    YamlNumber v = r.number(f.get(key), f.path(key), true);
    return v == null ? null : v.value();
  }

  /**
   * A search config's {@code layout:} mapping (disaggregated prefill and decode): one layout, or one per
   * P:D split when {@code prefill_replicas} lists counts (ascending); {@code decode_replicas} defaults to
   * {@code num_replicas} minus the prefill count.
   */
  private List<LayoutSpec> layouts(Node node, String where, Integer replicas) {
    NodeReader.Fields f = r.fields(node, where, List.of("prefill_replicas"),
        List.of("decode_replicas", "decode_router", "prefill_tp", "decode_tp", "kv_link_gbps",
            "kv_link_latency_s", "prefill_network_device", "decode_network_device", "kv_transfer"));
    if (f == null) {
      return null;
    }
    int before = r.problems().size();
    Integer prefill;
    List<Integer> splits = null;
    Node prefillNode = f.get("prefill_replicas");
    if (prefillNode instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
      List<Integer> counts = r.items(prefillNode, f.path("prefill_replicas"), (n, w) -> r.integer(n, w, 1));
      if (counts == null || counts.isEmpty() || f.has("decode_replicas")) {
        r.problem(prefillNode, f.path("prefill_replicas") + ": a list of prefill counts splits num_replicas"
            + " between prefill and decode; give a non-empty list and no decode_replicas");
        return null;
      }
      if (replicas != null) {
        for (int c : counts) {
          if (c >= replicas) {
            r.problem(prefillNode, f.path("prefill_replicas") + ": " + c + " leaves no decode replica of the "
                + replicas + " (num_replicas); allowed: 1 to " + (replicas - 1));
            return null;
          }
        }
      }
      splits = List.copyOf(new java.util.TreeSet<>(counts));
      prefill = splits.get(0);
    } else {
      prefill = r.integer(prefillNode, f.path("prefill_replicas"), 1);
    }
    Integer decode = f.has("decode_replicas") ? r.integer(f.get("decode_replicas"), f.path("decode_replicas"), 1)
        : replicas != null && prefill != null && replicas > prefill ? Integer.valueOf(replicas - prefill) : null;
    if (decode == null && !f.has("decode_replicas") && r.problems().size() == before) {
      r.problem(node, where + ": no decode replica left: prefill_replicas " + prefill + " of num_replicas "
          + replicas + "; give decode_replicas or fewer prefill replicas");
      return null;
    }
    String decodeRouter = f.has("decode_router") ? r.oneOf(f.get("decode_router"), f.path("decode_router"),
        sorted(vocabulary.routers()), "router") : LayoutSpec.DEFAULT_DECODE_ROUTER;
    Integer prefillTp = f.has("prefill_tp") ? r.integer(f.get("prefill_tp"), f.path("prefill_tp"), 1) : 0;
    Integer decodeTp = f.has("decode_tp") ? r.integer(f.get("decode_tp"), f.path("decode_tp"), 1) : 0;
    YamlNumber gbps = f.has("kv_link_gbps") ? r.number(f.get("kv_link_gbps"), f.path("kv_link_gbps"), true)
        : null;
    YamlNumber latency = f.has("kv_link_latency_s")
        ? r.number(f.get("kv_link_latency_s"), f.path("kv_link_latency_s"), false) : null;
    LayoutSpec.Pool prefillPool = pool(f, "prefill_network_device");
    LayoutSpec.Pool decodePool = pool(f, "decode_network_device");
    String transfer = f.has("kv_transfer") ? r.oneOf(f.get("kv_transfer"), f.path("kv_transfer"),
        List.of(DisaggregatedLayout.AFTER_PREFILL, DisaggregatedLayout.LAYERWISE), "kv_transfer") : null;
    if (r.problems().size() > before || prefill == null || decode == null || decodeRouter == null
        || prefillTp == null || decodeTp == null
        || (f.has("prefill_network_device") && prefillPool == null)
        || (f.has("decode_network_device") && decodePool == null)) {
      return null;
    }
    // after_prefill is the default: named or not, the same job
    String kvTransfer = DisaggregatedLayout.LAYERWISE.equals(transfer) ? transfer : null;
    Double linkGbps = gbps == null ? null : gbps.value();
    Double linkLatency = latency == null ? null : latency.value();
    if (splits == null) {
      return List.of(new LayoutSpec(prefill, decode, decodeRouter, prefillTp, decodeTp, linkGbps, linkLatency,
          prefillPool, decodePool, kvTransfer, r.at(node)));
    }
    List<LayoutSpec> out = new ArrayList<>();
    for (int p : splits) {
      out.add(new LayoutSpec(p, replicas - p, decodeRouter, prefillTp, decodeTp, linkGbps, linkLatency,
          prefillPool, decodePool, kvTransfer, r.at(node)));
    }
    return out;
  }

  /**
   * A layout's {@code prefill_network_device} or {@code decode_network_device}: the node type of a
   * {@code clusters[]} item (its definition and price) or of the catalog (no price); null when absent or
   * after a reported problem (or a broken cluster's, whose problem is reported).
   */
  private LayoutSpec.Pool pool(NodeReader.Fields f, String key) {
    String name = str(f, key);
    if (name == null) {
      return null;
    }
    List<ClusterSpec> same = clusterItems.stream().filter(c -> c.networkDevice().equals(name)).toList();
    if (same.isEmpty()) {
      if (Catalog.nodes().stream().anyMatch(n -> n.name().equals(name))) {
        return new LayoutSpec.Pool(name, null, null);
      }
      if (!clusterNetworkDevices.contains(name)) {
        List<String> allowed = new ArrayList<>(clusterNetworkDevices.stream().distinct().toList());
        Catalog.nodes().stream().map(NodeSpec::name).filter(n -> !allowed.contains(n)).forEach(allowed::add);
        r.problem(f.get(key), f.path(key) + ": unknown node type '" + name + "'; allowed: a clusters[]"
            + " network_device or a catalog node type: " + String.join(", ", allowed));
      }
      return null;
    }
    List<Double> prices = same.stream().map(ClusterSpec::costPerGpuHour).distinct().toList();
    if (prices.size() > 1) {
      r.problem(f.get(key), f.path(key) + ": the clusters of network_device '" + name + "' (lines "
          + same.stream().map(c -> Integer.toString(c.at().line())).collect(Collectors.joining(", "))
          + ") differ in cost_per_gpu_hour " + prices.stream().map(v -> v == null ? "(none)" : num(v)).toList()
          + "; a pool on it would have no one price: give them the same");
      return null;
    }
    return new LayoutSpec.Pool(name, same.get(0).node(), prices.get(0));
  }

  private CapacitySettings settings(Node node) {
    NodeReader.Fields f = r.fields(node, "capacity", List.of(), List.of("seed", "time_limit",
        "max_iterations", "min_search_granularity", "min_qps", "target_qps"));
    if (f == null) {
      return CapacitySettings.DEFAULTS;
    }
    CapacitySettings d = CapacitySettings.DEFAULTS;
    Long seed = f.has("seed") ? r.longInteger(f.get("seed"), f.path("seed")) : d.seed();
    YamlNumber limit = f.has("time_limit") ? r.number(f.get("time_limit"), f.path("time_limit"),
        true) : YamlNumber.ofFloat(d.timeLimitMinutes());
    Integer iterations = f.has("max_iterations") ? r.integer(f.get("max_iterations"),
        f.path("max_iterations"), 1) : d.maxIterations();
    YamlNumber granularity = f.has("min_search_granularity")
        ? r.number(f.get("min_search_granularity"), f.path("min_search_granularity"), true)
        : YamlNumber.ofFloat(d.minSearchGranularityPercent());
    YamlNumber minQps = f.has("min_qps") ? r.number(f.get("min_qps"), f.path("min_qps"), false)
        : YamlNumber.ofFloat(d.minQps());
    YamlNumber target = f.has("target_qps") ? r.number(f.get("target_qps"), f.path("target_qps"), true)
        : null;
    if (seed == null || limit == null || iterations == null || granularity == null
        || minQps == null || (f.has("target_qps") && target == null)) {
      return d;
    }
    return new CapacitySettings(seed, limit.value(), iterations, granularity.value(),
        minQps.value(), target == null ? null : target.value());
  }

  private void crossCheck(List<SearchConfig> searches, List<TraceSpec> traces,
      List<ModelSpec> models, List<ClusterSpec> clusters, List<GlobalSchedulerSpec> routers,
      List<Integer> tps) {
    Map<String, TraceSpec> traceByName = byName(traces, TraceSpec::name);
    Map<String, ModelSpec> modelByName = byName(models, ModelSpec::name);
    Map<String, SearchConfig> seen = new LinkedHashMap<>();
    for (SearchConfig s : searches) {
      TraceSpec trace = traceByName.get(s.trace());
      ModelSpec model = modelByName.get(s.model());
      // a declared but broken item has its own problem; one per search config would only bury it
      if (trace == null && !traceNames.contains(s.trace())) {
        r.problem(s.at(), s.describe() + ": unknown trace '" + s.trace() + "'; "
            + declared("traces", traceNames));
      }
      if (model == null && !modelNames.contains(s.model())) {
        r.problem(s.at(), s.describe() + ": unknown model '" + s.model() + "'; "
            + declared("models", modelNames));
      }
      if (trace != null && s.kvTiers() != null && !trace.enablePrefixCaching()) {
        r.problem(s.kvTiers().at(), s.describe() + ": kv_tiers hold KV blocks by their prefix hash, but trace '"
            + trace.name() + "' has enable_prefix_caching: false; set it to true or drop kv_tiers");
      }
      // isoqps configs differing only in multipliers legitimately share a key (reference §7.3)
      String identity = s.trace() + "|" + s.model() + "|" + s.key() + "|" + s.qpsMultipliers();
      SearchConfig first = seen.putIfAbsent(identity, s);
      if (first != null) {
        r.problem(s.at(), s.describe() + ": duplicates the search config at line "
            + first.at().line());
      }
      if (trace != null && model != null && clusters != null && routers != null && tps != null
          && !hasJob(s, model, trace, clusters, routers, tps)) {
        r.problem(s.at(), s.describe() + " yields no job: " + whyNoJob(s, model, clusters, tps));
      }
    }
  }

  /** The names a section declares, never an empty list. */
  private static String declared(String section, List<String> names) {
    return names.isEmpty() ? section + "[] declares no name"
        : section + ": " + String.join(", ", names.stream().distinct().toList());
  }

  private static boolean hasJob(SearchConfig s, ModelSpec model, TraceSpec trace,
      List<ClusterSpec> clusters, List<GlobalSchedulerSpec> routers, List<Integer> tps) {
    for (ClusterSpec c : clusters) {
      for (GlobalSchedulerSpec g : routers) {
        for (int tp : tps) {
          if (JobValidity.keeps(s, model, trace, c, g, tp)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String whyNoJob(SearchConfig s, ModelSpec model, List<ClusterSpec> clusters,
      List<Integer> tps) {
    int maxGpus = clusters.stream().mapToInt(ClusterSpec::gpusPerNode).max().orElse(0);
    boolean tpFits = tps.stream().anyMatch(tp -> !model.excludeTpDims().contains(tp)
        && tp <= maxGpus);
    if (!tpFits) {
      return "every tp in tp_dimensions " + tps + " is excluded for model " + model.name()
          + " (exclude_tp_dims " + model.excludeTpDims() + ") or exceeds gpus_per_node";
    }
    return "a qps search with num_replicas 1 runs only round_robin (every router is the same on "
        + "one replica), and global_schedulers has no round_robin";
  }

  /**
   * A device or node name means one piece of hardware in a study: clusters sharing a network_device
   * (with other precisions) or a device must define it alike.
   */
  private void sameHardware(List<ClusterSpec> clusters) {
    if (clusters == null) {
      return;
    }
    Map<String, ClusterSpec> nodes = new LinkedHashMap<>();
    Map<String, ClusterSpec> devices = new LinkedHashMap<>();
    for (ClusterSpec c : clusters) {
      ClusterSpec node = nodes.putIfAbsent(c.networkDevice(), c);
      if (node != null && !(java.util.Objects.equals(node.node(), c.node())
          && node.device().equals(c.device()) && node.gpusPerNode() == c.gpusPerNode())) {
        r.problem(c.networkDeviceAt(), "network_device '" + c.networkDevice() + "' is defined"
            + " differently at line " + node.at().line() + "; one name, one node type: give this one"
            + " another name");
        continue;
      }
      ClusterSpec device = c.node() == null ? null : devices.putIfAbsent(c.device(), c);
      if (device != null && !device.node().device().equals(c.node().device())) {
        r.problem(c.deviceAt(), "device '" + c.device() + "' is defined differently at line "
            + device.at().line() + "; one name, one device: give this one another name");
      }
    }
  }

  private <T> void unique(List<T> items, Function<T, String> key, Function<T, Location> at,
      String what) {
    if (items == null) {
      return;
    }
    Map<String, T> first = new LinkedHashMap<>();
    for (T item : items) {
      T earlier = first.putIfAbsent(key.apply(item), item);
      if (earlier != null) {
        r.problem(at.apply(item), "duplicate " + what + " '" + key.apply(item) + "' (first at line "
            + at.apply(earlier).line() + "); job keys would collide");
      }
    }
  }

  private String str(NodeReader.Fields f, String key) {
    return f.has(key) ? r.string(f.get(key), f.path(key)) : null;
  }

  private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
    Map<String, T> map = new LinkedHashMap<>();
    items.forEach(i -> map.putIfAbsent(name.apply(i), i));
    return map;
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().collect(Collectors.toList());
  }
}
