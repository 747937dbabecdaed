package dev.capacity.plugin.run;

import dev.capacity.plugin.results.StudyInputs;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.routing.ScoringPlugins;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A probe's identity: everything that determines its outputs, so a finished probe is reused only when
 * it provably is the same simulation.
 *
 * <ul>
 *   <li>the whole simulation config (model, device, node, parallelism, replicas, router and its
 *       parameters, replica scheduler, chunk, batch cap, queue, prefix caching, workload: QPS, request
 *       count, max_seq_len, seed; time limit);
 *   <li>the trace's content (SHA-256 of its bytes, not its path, so moving the project keeps probes);
 *   <li>the profiles the layout reads (bundled or from {@code capacity.profiles}), by content;
 *   <li>the code: the simulator's and plugin's classes, and the classes of a study's own router or
 *       replica scheduler, plus {@link #MODEL_VERSION}.
 * </ul>
 *
 * SLO configs are not part of it: a probe stores its verdicts with the definition of each SLO config,
 * and a verdict counts only for an identical definition ({@link ProbeResult#decides}).
 */
public final class ProbeFingerprints {
  /** Bump when behaviour changes in a way the class digests would not show (e.g. an output format). */
  // 3: content fingerprints, SLO definitions; 4: serving-engine step (execution_mode, API-server time)
  static final String MODEL_VERSION = "capacity-sim-4";

  private final Simulator simulator;
  private final TraceDigests traceFiles;
  private final CodeDigests code = new CodeDigests();
  private final Map<String, String> traces = new ConcurrentHashMap<>();
  private final LongAdder computed = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  public ProbeFingerprints(Simulator simulator, Path outputDir) {
    this.simulator = simulator;
    this.traceFiles = new TraceDigests(outputDir);
  }

  /** The fingerprint (32 hex digits) of a probe's simulation. */
  public String of(SimulationConfig config) {
    long start = System.nanoTime();
    MessageDigest sha = TraceDigests.sha256();
    update(sha, MODEL_VERSION);
    update(sha, code.of(Simulator.class));
    update(sha, code.of(ProbeFingerprints.class));
    update(sha, policyCode(config));
    update(sha, simulator.profileDigest(config));
    try {
      SimulationConfig portable = config.toBuilder().trace("sha256:" + trace(config.trace())).build();
      sha.update(Json.MAPPER.writeValueAsBytes(portable));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fingerprint " + config + ": " + e.getMessage(), e);
    }
    String hex = HexFormat.of().formatHex(sha.digest(), 0, 16);
    computed.increment();
    nanos.add(System.nanoTime() - start);
    return hex;
  }

  /** The digest of the simulator's code (its classes), as in every probe's fingerprint. */
  String simulatorCode() {
    return code.of(Simulator.class);
  }

  /** How many probe fingerprints were computed, and in how many milliseconds in all (for the log). */
  public String cost() {
    return String.format(java.util.Locale.ROOT, "%d probe fingerprints in %d ms", computed.sum(),
        nanos.sum() / 1_000_000);
  }

  /** The SHA-256 of a trace's bytes ({@code classpath:} for a bundled one, else a file path). */
  public String trace(String location) {
    return traces.computeIfAbsent(location, ProbeFingerprints.this::digestTrace);
  }

  /** What the fingerprints of {@code configs} were computed from, for {@code results.json}. */
  public StudyInputs inputs(Iterable<SimulationConfig> configs, Map<String, String> traceNames) {
    Map<String, String> traceDigests = new TreeMap<>();
    Map<String, String> profiles = new TreeMap<>();
    Map<String, String> policies = new TreeMap<>();
    Map<String, String> definitions = new TreeMap<>();
    for (SimulationConfig c : configs) {
      if (c.modelSpec() != null) {
        definitions.put("model " + c.modelSpec().identifier(), definition(c.modelSpec()));
      }
      if (c.nodeSpec() != null) {
        definitions.put("node " + c.nodeSpec().name(), definition(c.nodeSpec()));
      }
      traceDigests.put(traceNames.getOrDefault(c.trace(), c.trace()), trace(c.trace()));
      var l = c.layout();
      if (l != null && (l.prefillNetworkDevice() != null || l.decodeNetworkDevice() != null)) {
        // pools on node types of their own read those profiles too: one entry per node type
        profiles.put(c.model() + " on " + c.networkDevice(), simulator.profileDigest(c.toBuilder().layout(null).build()));
        for (SimulationConfig pool : new SimulationConfig[] {
            pool(c, l.prefillNetworkDevice(), l.prefillNodeSpec()), pool(c, l.decodeNetworkDevice(), l.decodeNodeSpec())}) {
          profiles.put(pool.model() + " on " + pool.networkDevice(), simulator.profileDigest(pool));
          if (pool.nodeSpec() != null) {
            definitions.put("node " + pool.nodeSpec().name(), definition(pool.nodeSpec()));
          }
        }
      } else {
        profiles.put(c.model() + " on " + c.networkDevice(), simulator.profileDigest(c));
      }
      putPolicy(policies, "router " + c.router(), simulator.routers().get(c.router()).getClass());
      for (Class<?> part : scoringParts(c)) {
        putPolicy(policies, "router part " + part.getName(), part);
      }
      putPolicy(policies, "replica_scheduler " + c.replicaScheduler(),
          simulator.replicaSchedulers().get(c.replicaScheduler()).getClass());
    }
    return new StudyInputs(MODEL_VERSION, code.of(Simulator.class), code.of(ProbeFingerprints.class),
        traceDigests, profiles, policies, definitions);
  }

  /** The colocated config of a pool's node type ({@code name}, null for the config's own). */
  private static SimulationConfig pool(SimulationConfig c, String name, dev.capacity.simulator.hardware.NodeSpec node) {
    if (name == null || name.equals(c.networkDevice())) {
      return c.toBuilder().layout(null).build();
    }
    dev.capacity.simulator.hardware.NodeSpec spec = node != null ? node
        : dev.capacity.simulator.hardware.Catalog.node(name);
    return c.toBuilder().layout(null).networkDevice(name).device(spec.device().name()).nodeSpec(node).build();
  }

  /** SHA-256 of a definition's JSON (every field of the record, the device's with a node's). */
  private static String definition(Object spec) {
    try {
      return HexFormat.of().formatHex(TraceDigests.sha256().digest(Json.MAPPER.writeValueAsBytes(spec)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + spec + ": " + e.getMessage(), e);
    }
  }

  /** Remembers trace hashes in the output folder for the next run. */
  public void save() throws IOException {
    traceFiles.save();
  }

  /** The study's own policies only: built-in ones are in the simulator's digest. */
  private void putPolicy(Map<String, String> out, String name, Class<?> type) {
    String digest = code.of(type);
    if (!digest.equals(code.of(Simulator.class))) {
      out.put(name, digest);
    }
  }

  private String policyCode(SimulationConfig c) {
    StringBuilder parts = new StringBuilder();
    for (Class<?> part : scoringParts(c)) {
      parts.append('\n').append(code.of(part));
    }
    if (c.layout() != null) {
      // a disaggregated layout's decode pool has a router of its own
      parts.append("\ndecode ").append(code.of(simulator.routers().get(c.layout().decodeRouter()).getClass()));
    }
    return code.of(simulator.routers().get(c.router()).getClass()) + "\n"
        + code.of(simulator.replicaSchedulers().get(c.replicaScheduler()).getClass()) + parts;
  }

  /** The provider classes of a {@code scorer} router's filters and scorers (a study's own ones among them). */
  private List<Class<?>> scoringParts(SimulationConfig c) {
    List<Class<?>> parts = new ArrayList<>();
    ScoringPlugins plugins = simulator.routers().scoringPlugins();
    for (String key : List.of("filters", "scorers")) {
      if (c.routerParams().get(key) instanceof List<?> items) {
        for (Object item : items) {
          Object name = item instanceof Map<?, ?> m ? m.get("name") : item;
          if (key.equals("filters") && plugins.filterNames().contains(String.valueOf(name))) {
            parts.add(plugins.filter(String.valueOf(name)).getClass());
          } else if (key.equals("scorers") && plugins.scorerNames().contains(String.valueOf(name))) {
            parts.add(plugins.scorer(String.valueOf(name)).getClass());
          }
        }
      }
    }
    return parts;
  }

  private String digestTrace(String location) {
    if (!location.startsWith(Simulator.CLASSPATH_PREFIX)) {
      return traceFiles.digest(Path.of(location));
    }
    String resource = location.substring(Simulator.CLASSPATH_PREFIX.length());
    // a bundled trace cannot change within a JVM: hash it once
    return BUNDLED.computeIfAbsent(resource, ProbeFingerprints::digestResource);
  }

  /** SHA-256 of bundled traces by resource name. */
  private static final Map<String, String> BUNDLED = new ConcurrentHashMap<>();

  private static String digestResource(String resource) {
    try (InputStream in = Simulator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return "absent:" + resource; // the simulator reports the missing trace with its own message
      }
      return TraceDigests.sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled trace " + resource + ": " + e.getMessage(), e);
    }
  }

  private static void update(MessageDigest sha, String part) {
    sha.update(part.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
  }
}
