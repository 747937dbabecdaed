package dev.capacity.plugin.run;

import dev.capacity.plugin.study.ClusterSpec;
import dev.capacity.plugin.study.Location;
import dev.capacity.plugin.study.ModelSpec;
import dev.capacity.plugin.study.Problem;
import dev.capacity.plugin.study.SearchConfig;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.TraceSpec;
import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks of a read study against the simulator, before anything runs: names its catalog lacks (at
 * their own keys), trace files it cannot parse, {@code max_seq_len} clipping, and {@code num_requests}
 * beyond a trace's rows. The YAML reader cannot make them: they need the catalog and the parsed traces
 * (read once; the simulator caches them for the run).
 */
public final class InputChecks {
  /** Above this share of clipped requests the answer measures max_seq_len, not the trace. */
  static final double MAX_CLIPPED_SHARE = 0.10;

  /**
   * Problems fail the build before anything runs; warnings are logged and the study runs.
   *
   * @param traces the facts of each trace a job reads, by location (as the simulation config names it)
   */
  public record Findings(List<Problem> problems, List<String> warnings, Map<String, TraceFacts> traces) {
    public Findings {
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
      traces = Map.copyOf(traces);
    }
  }

  /** Clipping of one search config's requests: {@code clipped} of {@code requests}. */
  private record Clipping(SearchConfig search, int requests, long clipped, long longest) {
    double share() {
      return (double) clipped / requests;
    }
  }

  private InputChecks() {}

  /** Parses every trace a job reads. */
  public static Findings check(Study study, Simulator simulator) {
    return check(study, simulator, null, null);
  }

  /**
   * Like {@link #check(Study, Simulator)}, reading each trace's facts from {@code outputDir}'s cache when
   * its content was checked before ({@link TraceFacts}), so a fully reused rerun parses no trace.
   */
  public static Findings check(Study study, Simulator simulator, Path outputDir) {
    return check(study, simulator, new ProbeFingerprints(simulator, outputDir), outputDir);
  }

  static Findings check(Study study, Simulator simulator, ProbeFingerprints fingerprints, Path outputDir) {
    List<Problem> problems = new ArrayList<>();
    Map<String, TraceFacts> facts = new java.util.HashMap<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < study.models().size(); i++) {
      ModelSpec m = study.models().get(i);
      if (m.architecture() != null) {
        if (inCatalog(m.identifier())) {
          warnings.add(m.identifierAt() + ": models[" + i + "]: the architecture given for '"
              + m.identifier() + "' overrides the catalog's (and its profiles apply only where the"
              + " shapes match)");
        }
        continue;
      }
      try {
        Catalog.model(m.identifier());
      } catch (SimulationInputException e) {
        problems.add(problem(m.identifierAt(), "models[" + i + "].identifier: " + e.getMessage()));
      }
    }
    for (int i = 0; i < study.clusters().size(); i++) {
      cluster(study.clusters().get(i), "clusters[" + i + "]", problems);
    }
    for (int i = 0; i < study.traces().size(); i++) {
      TraceSpec t = study.traces().get(i);
      List<SearchConfig> users = study.searchConfigs().stream()
          .filter(s -> s.trace().equals(t.name())).toList();
      if (users.isEmpty()) {
        continue; // no job reads it
      }
      TraceFacts trace;
      String location = TraceLocations.location(t.traceFile());
      try {
        trace = TraceFacts.load(simulator, location, fingerprints, outputDir);
        facts.put(location, trace);
      } catch (RuntimeException e) {
        // a parser's own exception (CSV, JSON) too: a located message, never a stack trace
        problems.add(problem(t.traceFileAt(), "traces[" + i + "].trace_file: cannot read trace '"
            + t.name() + "': " + describe(e, t)));
        continue;
      }
      trace(t, "traces[" + i + "]", trace, users, problems, warnings);
    }
    problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    return new Findings(problems, warnings, facts);
  }

  private static boolean inCatalog(String identifier) {
    try {
      Catalog.model(identifier);
      return true;
    } catch (SimulationInputException e) {
      return false;
    }
  }

  private static void cluster(ClusterSpec c, String where, List<Problem> problems) {
    if (c.node() != null) {
      return; // the study's own device and node type, checked by the reader
    }
    DeviceSpec device = null;
    try {
      device = Catalog.device(c.device());
    } catch (SimulationInputException e) {
      problems.add(problem(c.deviceAt(), where + ".device: " + e.getMessage()));
    }
    NodeSpec node;
    try {
      node = Catalog.node(c.networkDevice());
    } catch (SimulationInputException e) {
      problems.add(problem(c.networkDeviceAt(), where + ".network_device: "
          + e.getMessage().replaceFirst("^unknown node", "unknown network_device")));
      return;
    }
    if (device != null && !node.device().name().equals(device.name())) {
      problems.add(problem(c.networkDeviceAt(), where + ".network_device: '" + node.name()
          + "' has " + node.device().name() + " GPUs but device is '" + device.name()
          + "'; use a " + device.name() + "_* node type"));
    }
  }

  private static void trace(TraceSpec t, String where, TraceFacts trace, List<SearchConfig> users,
      List<Problem> problems, List<String> warnings) {
    int rows = trace.rows();
    if (rows == 0) {
      problems.add(problem(t.traceFileAt(), where + ".trace_file: trace '" + t.name()
          + "' has no rows"));
      return;
    }
    // requests are rows in file order, wrapping past the last one (Workloads.generate)
    Clipping worst = null;
    Map<Integer, Clipping> byRequests = new LinkedHashMap<>();
    for (SearchConfig s : users) {
      Clipping c = byRequests.computeIfAbsent(s.numRequests(),
          n -> clipping(s, n, trace, t.maxSeqLen()));
      if (worst == null || c.share() > worst.share()) {
        worst = c;
      }
      if (s.numRequests() > rows) {
        warnings.add(s.at() + ": " + s.describe() + ": num_requests "
            + s.numRequests() + " exceeds the " + rows + " rows of trace '" + t.name() + "' ("
            + t.traceFile().getFileName() + "): the trace repeats, its rows used "
            + String.format(Locale.ROOT, "%.2f", (double) s.numRequests() / rows)
            + " times over in file order (" + (s.numRequests() - rows) + " of the " + s.numRequests()
            + " requests replay an earlier row)"
            + (t.enablePrefixCaching() ? ", and every repeat hits the prefix cache"
                + " (enable_prefix_caching is on), inflating cache hits" : "")
            + "; results.json records how many requests arrived (requestsArrived)");
      }
    }
    if (worst != null && worst.share() > MAX_CLIPPED_SHARE) {
      problems.add(problem(t.maxSeqLenAt(), String.format(Locale.ROOT,
          "%s.max_seq_len: %d clips %d of %d requests (%.1f %%) of trace '%s' (%s) for %s at line"
              + " %d; the longest request has %d tokens (prompt + output); more than %.0f %% clipped"
              + " measures max_seq_len rather than the trace: raise max_seq_len to at least %d, or"
              + " use a trace whose requests fit",
          where, t.maxSeqLen(), worst.clipped(), worst.requests(), 100 * worst.share(), t.name(),
          t.traceFile().getFileName(), worst.search().describe(), worst.search().at().line(),
          worst.longest(), 100 * MAX_CLIPPED_SHARE, worst.longest())));
    }
  }

  /** The clipping of the first {@code n} requests; below the limit the simulator warns itself. */
  private static Clipping clipping(SearchConfig s, int n, TraceFacts trace, int maxSeqLen) {
    int rows = trace.rows();
    int distinct = Math.min(n, rows);
    long clippedOnce = 0;
    long clippedInPrefix = 0;
    long longest = 0;
    int remainder = n % rows;
    for (int row = 0; row < distinct; row++) {
      long length = trace.lengths()[row];
      longest = Math.max(longest, length);
      if (length > maxSeqLen) {
        clippedOnce++;
        if (row < remainder) {
          clippedInPrefix++;
        }
      }
    }
    long clipped = n <= rows ? clippedOnce : (n / rows) * clippedOnce + clippedInPrefix;
    return new Clipping(s, n, clipped, longest);
  }

  /** The simulator's own message names the file and line; a parser's gets the file prepended. */
  private static String describe(RuntimeException e, TraceSpec t) {
    if (e instanceof SimulationInputException) {
      return e.getMessage();
    }
    Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return t.traceFile() + ": " + detail;
  }

  private static Problem problem(Location at, String message) {
    return new Problem(at.file(), at.line(), at.column(), message);
  }
}
