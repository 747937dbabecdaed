package dev.capacity.plugin.distributed;

import com.fasterxml.jackson.core.type.TypeReference;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.capacity.plugin.run.Json;
import dev.capacity.plugin.run.ProbeResult;
import dev.capacity.plugin.run.ProbeSimulation;
import dev.capacity.plugin.run.ProbeStore;
import dev.capacity.plugin.run.ProbeTask;
import dev.capacity.plugin.search.Probe;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * One probe as a Hazelcast executor task: everything a member needs, as JSON text and bytes, so the
 * member needs neither the study nor the coordinator's file system. Plain {@link Serializable}: it is a
 * handful of strings and one byte array, members need no serializer registration (so a stock Hazelcast
 * member with this jar on its class path runs it), and it is small: a trace file travels once, through
 * the cluster map {@value #TRACES}, keyed by its content hash, and each member keeps a copy on disk.
 *
 * <p>On the member it runs the simulation with {@link ProbeSimulation} into a scratch folder and
 * returns the {@code simulation/} files and the {@code probe.json} result; the coordinator publishes
 * them in its own output directory. Returns null when interrupted (the coordinator cancelled it).
 */
public final class ProbeCall implements Callable<ProbeCall.Output>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;

  /** What a member sends back: the probe's result as JSON and the simulator outputs by relative path. */
  public record Output(byte[] probeJson, TreeMap<String, byte[]> files) implements Serializable {}

  private final String group;
  private final String ownerHash;
  private final int replicas;
  private final double qps;
  private final String configJson;
  private final String slosJson;
  private final String[] stopOn;
  private final String fingerprint;
  private final boolean earlyStop;
  private final boolean writeRequestMetrics;
  /**
   * When the config names a trace file (not a classpath: trace), the key of its bytes in the cluster's
   * {@value #TRACES} map, the hash of its content; else null.
   */
  private final String traceHash;

  private transient HazelcastInstance member;

  /** The cluster map of trace files' bytes by content hash, filled by the coordinator. */
  static final String TRACES = "capacity-traces";

  ProbeCall(ProbeTask task, boolean earlyStop, boolean writeRequestMetrics, String traceHash) {
    try {
      this.group = task.group();
      this.ownerHash = task.ownerHash();
      this.replicas = task.probe().replicas();
      this.qps = task.probe().qps();
      this.configJson = Json.MAPPER.writeValueAsString(task.config());
      this.slosJson = Json.MAPPER.writeValueAsString(task.slos());
      this.stopOn = task.stopOn().toArray(new String[0]);
      this.fingerprint = task.fingerprint();
      this.earlyStop = earlyStop;
      this.writeRequestMetrics = writeRequestMetrics;
      this.traceHash = traceHash;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode probe " + task.probe() + ": " + e.getMessage(), e);
    }
  }

  /** The simulator of this member JVM (bundled profiles, routers on the member's class path). */
  private static final class Members {
    static final Simulator SIMULATOR = Simulator.withDefaults();
  }

  @Override
  public Output call() throws Exception {
    SimulationConfig config = Json.MAPPER.readValue(configJson, SimulationConfig.class);
    List<SloConfig> slos = Json.MAPPER.readValue(slosJson, new TypeReference<List<SloConfig>>() {});
    ProbeTask task =
        new ProbeTask(group, ownerHash, new Probe(replicas, qps), config, fingerprint, slos, List.of(stopOn));
    SimulationConfig simulated = traceHash == null ? config : config.toBuilder().trace(localTrace(config.trace()).toString()).build();
    Path scratch = Files.createTempDirectory("capacity-probe");
    try {
      ProbeStore store = new ProbeStore(scratch, writeRequestMetrics);
      ProbeResult result =
          new ProbeSimulation(Members.SIMULATOR, store, earlyStop)
              .run(task, simulated, Thread.currentThread()::isInterrupted);
      if (result == null) {
        return null;
      }
      Path sim = store.probeDir(ownerHash, task.probe()).resolve(ProbeStore.SIMULATION_DIR);
      TreeMap<String, byte[]> files = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(sim)) {
        for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          files.put(sim.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
      }
      return new Output(Json.MAPPER.writeValueAsBytes(result), files);
    } finally {
      deleteTree(scratch);
    }
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.member = instance;
  }

  /** This member's copy of the trace, under a folder named by its content hash, fetched once. */
  private Path localTrace(String location) throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "capacity-traces", traceHash);
    Path file = dir.resolve(Path.of(location).getFileName().toString());
    synchronized (ProbeCall.class) {
      if (!Files.isRegularFile(file)) {
        Object bytes = member == null ? null : member.getMap(TRACES).get(traceHash);
        if (!(bytes instanceof byte[] trace)) {
          throw new IOException("the trace " + location + " (" + traceHash + ") is not in the cluster map " + TRACES);
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".trace", ".tmp");
        Files.write(tmp, trace);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    return file;
  }

  /** The key of a trace's bytes in {@value #TRACES}. */
  static String hash(byte[] trace) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(trace));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path p) {
    try (Stream<Path> walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException ignored) {
      // scratch space in the temp folder: best effort
    }
  }

  @Override
  public String toString() {
    return "probe " + new Probe(replicas, qps) + " of " + group;
  }
}
