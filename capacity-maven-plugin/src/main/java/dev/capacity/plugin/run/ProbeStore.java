package dev.capacity.plugin.run;

import dev.capacity.plugin.search.Probe;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.SimulationOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reference's run layout under the output directory: {@code runs/<job hash>/r<n>_q<qps>/} holding
 * {@code output.log}, our {@code probe.json} and, for the job that owns the simulation, a
 * {@code simulation/} folder with the simulator's outputs ({@code config.json},
 * {@code request_metrics.csv}, {@code plots/}, {@code summary.json}). Jobs that differ only in their SLO
 * config share one simulation; their folders point at the owner's.
 *
 * <p>A probe folder is built under a hidden {@code .partial} name and renamed into place in one atomic
 * move, so a folder that exists is complete; an interrupted write leaves only a {@code .partial} folder,
 * removed at the next start.
 */
public final class ProbeStore {
  public static final String PROBE_FILE = "probe.json";
  public static final String SIMULATION_DIR = "simulation";
  private static final String PARTIAL = ".partial";

  private final Path outputDir;
  private final boolean writeRequestMetrics;

  public ProbeStore(Path outputDir, boolean writeRequestMetrics) {
    this.outputDir = outputDir;
    this.writeRequestMetrics = writeRequestMetrics;
  }

  public boolean writeRequestMetrics() {
    return writeRequestMetrics;
  }

  public Path runsDir() {
    return outputDir.resolve("runs");
  }

  public Path probeDir(String jobHash, Probe probe) {
    return runsDir().resolve(jobHash).resolve(probe.folderName());
  }

  /** Deletes folders left half-written by an interrupted run. Returns how many. */
  public int removePartials() throws IOException {
    if (!Files.isDirectory(runsDir())) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> jobs = Files.list(runsDir())) {
      for (Path job : (Iterable<Path>) jobs::iterator) {
        if (!Files.isDirectory(job)) {
          continue;
        }
        try (Stream<Path> probes = Files.list(job)) {
          for (Path p : (Iterable<Path>) probes::iterator) {
            if (p.getFileName().toString().endsWith(PARTIAL)) {
              deleteTree(p);
              removed++;
            }
          }
        }
      }
    }
    return removed;
  }

  /** Whether this job's folder holds a finished probe at this point, whatever its fingerprint. */
  public boolean hasProbe(String jobHash, Probe probe) {
    return Files.isRegularFile(probeDir(jobHash, probe).resolve(PROBE_FILE));
  }

  /** The finished probe of this job, if its folder holds a readable result with this fingerprint. */
  public ProbeResult load(String jobHash, Probe probe, String fingerprint) {
    Path file = probeDir(jobHash, probe).resolve(PROBE_FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      ProbeResult r = Json.MAPPER.readValue(file.toFile(), ProbeResult.class);
      return fingerprint.equals(r.fingerprint()) ? r : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Writes the owner's folder: simulator outputs, output.log and probe.json, atomically. */
  public void writeOwner(
      String jobHash, Probe probe, SimulationConfig config, SimulationOutcome outcome, ProbeResult result) {
    writeOwner(jobHash, probe, config, result, sim -> Simulator.writeOutputs(sim, config, outcome, writeRequestMetrics));
  }

  /**
   * Writes the owner's folder from simulator outputs produced elsewhere (a remote member): {@code files}
   * maps paths relative to {@code simulation/} ('/'-separated) to their bytes.
   */
  public void writeOwner(
      String jobHash, Probe probe, SimulationConfig config, Map<String, byte[]> files, ProbeResult result) {
    writeOwner(jobHash, probe, config, result, sim -> {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path target = sim.resolve(f.getKey()).normalize();
        if (!target.startsWith(sim)) {
          throw new IOException("simulator output outside its folder: " + f.getKey());
        }
        Files.createDirectories(target.getParent());
        Files.write(target, f.getValue());
      }
    });
  }

  /** Writes simulator outputs into a folder. */
  @FunctionalInterface
  private interface Outputs {
    void writeTo(Path simulationDir) throws IOException;
  }

  private void writeOwner(String jobHash, Probe probe, SimulationConfig config, ProbeResult result, Outputs outputs) {
    Path dir = probeDir(jobHash, probe);
    Path partial = dir.resolveSibling(dir.getFileName() + PARTIAL);
    try {
      deleteTree(partial);
      Path sim = partial.resolve(SIMULATION_DIR);
      Files.createDirectories(sim);
      outputs.writeTo(sim);
      if (!writeRequestMetrics) { // a remote member's outputs may carry it
        Files.deleteIfExists(sim.resolve("request_metrics.csv"));
      }
      Files.writeString(partial.resolve("output.log"), log(config, result), StandardCharsets.UTF_8);
      Json.writeAtomically(partial.resolve(PROBE_FILE), result);
      publish(partial, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write probe folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a folder of a job that shares the owner's simulation: output.log and probe.json, replacing
   * what an earlier run wrote there (the owner's probe may have been rerun since).
   */
  public void writeSharer(String jobHash, Probe probe, SimulationConfig config, ProbeResult result) {
    Path dir = probeDir(jobHash, probe);
    Path partial = dir.resolveSibling(dir.getFileName() + PARTIAL);
    try {
      deleteTree(partial);
      Files.createDirectories(partial);
      Files.writeString(partial.resolve("output.log"), log(config, result), StandardCharsets.UTF_8);
      Json.writeAtomically(partial.resolve(PROBE_FILE), result);
      publish(partial, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write probe folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void publish(Path partial, Path dir) throws IOException {
    deleteTree(dir);
    Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String log(SimulationConfig c, ProbeResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Simulated by capacity: ").append(c.numReplicas()).append(" replicas of ").append(c.model())
        .append(" on ").append(c.networkDevice()).append(" (tp").append(c.tensorParallel()).append(" pp")
        .append(c.pipelineStages()).append("), router ").append(c.router()).append(", scheduler ")
        .append(c.replicaScheduler()).append(", ").append(c.workload().qps()).append(" qps\n");
    sb.append("simulation outputs: ").append(r.simulation()).append('\n');
    sb.append("requests: ").append(r.numRequests()).append(" arrived, ").append(r.numCompleted())
        .append(" completed, ").append(r.numUnfinished()).append(" unfinished\n");
    r.verdicts().forEach((slo, v) ->
        sb.append("SLO ").append(slo).append(": ").append(v.passes() ? "pass" : "fail").append('\n'));
    return sb.toString();
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(x);
      }
    }
  }
}
