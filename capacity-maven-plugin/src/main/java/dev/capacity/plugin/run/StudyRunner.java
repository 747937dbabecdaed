package dev.capacity.plugin.run;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.StudyInputs;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.search.Probe;
import dev.capacity.plugin.search.SearchOutcome;
import dev.capacity.plugin.search.SearchSettings;
import dev.capacity.plugin.search.SearchState;
import dev.capacity.plugin.search.Searches;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.plugin.study.SloVerdict;
import dev.capacity.plugin.study.Study;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.Simulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Runs every job's search of a study, with probes (one simulation each) as the unit of parallel work
 * on a bounded pool. Jobs that differ only in their SLO config share their simulations: one probe is
 * judged for every SLO config of its group. Finished probes found on disk are reused, so an interrupted
 * run resumes where it stopped. Results do not depend on the thread count or completion order: each
 * probe is a deterministic function of its configuration, and searches consume verdicts in their own
 * order.
 *
 * <p>With early stop, a probe stops once the SLO configs of the searches that asked for it are certain
 * to fail, not all of its group's. A search whose SLO config the stopped probe left undecided asks again,
 * and the probe reruns stopped on every SLO config asked so far. So the probe's final outputs are those of
 * a run stopped on exactly the SLO configs of all the searches that ever ask for it: the run ends where the
 * last of those becomes certain (or at the end), whatever the order in which they asked. Which searches
 * ask for a probe is fixed by the study, so the outputs do not depend on the thread count. Speculative
 * probes would break this (they are stopped on a search that may never ask), so speculation only runs
 * without early stop.
 */
public final class StudyRunner {
  /** How the run behaves; {@code threads} is the size of the probe pool. */
  public record Options(
      Path outputDir,
      int threads,
      boolean writeRequestMetrics,
      String pluginVersion,
      boolean earlyStop,
      boolean speculate) {
    public Options(Path outputDir, int threads, boolean writeRequestMetrics, String pluginVersion) {
      this(outputDir, threads, writeRequestMetrics, pluginVersion, true, true);
    }
  }

  private final Study study;
  private final List<Job> jobs;
  private final Simulator simulator;
  private final Options options;
  private final RunListener listener;
  private final ProbeStore store;
  private final SearchSettings searchSettings;
  private final ProbeExecutor.Factory executors;
  private final ProbeFingerprints fingerprints;
  private final Map<ProbeKey, String> fingerprintOf = new HashMap<>();
  /** Each job's short label for progress lines. */
  private final Map<Job, String> labels = new HashMap<>();
  /** Probes finished by an earlier run but not reused, for the log: their inputs changed. */
  private final Set<ProbeKey> staleOnDisk = new HashSet<>();
  /** SLO configs whose stored verdicts were judged under another definition, and the probes concerned. */
  private final Map<String, Set<ProbeKey>> redefinedSlos = new TreeMap<>();

  public StudyRunner(Study study, List<Job> jobs, Simulator simulator, Options options, RunListener listener) {
    this(study, jobs, simulator, options, listener, LocalProbeExecutor::new);
  }

  /** @param executors where probes run; {@link LocalProbeExecutor} (a thread pool) by default */
  public StudyRunner(Study study, List<Job> jobs, Simulator simulator, Options options, RunListener listener,
      ProbeExecutor.Factory executors) {
    this.executors = executors;
    this.study = study;
    this.jobs = List.copyOf(jobs);
    this.simulator = simulator;
    this.options = options;
    this.listener = listener;
    this.store = new ProbeStore(options.outputDir(), options.writeRequestMetrics());
    this.searchSettings = SearchSettings.from(study.settings());
    this.fingerprints = new ProbeFingerprints(simulator, options.outputDir());
    List<String> short_ = dev.capacity.plugin.results.JobLabels.ofJobs(this.jobs);
    for (int i = 0; i < this.jobs.size(); i++) {
      labels.put(this.jobs.get(i), short_.get(i));
    }
  }

  /** A group of jobs sharing one simulation per probe; the first job owns the simulator outputs. */
  private record Group(String key, List<Job> jobs, List<SloConfig> slos) {
    Job owner() {
      return jobs.get(0);
    }
  }

  private record ProbeKey(String group, Probe probe) {}

  private static final class SearchRun {
    final Job job;
    final Group group;
    SearchState state;
    final List<ProbeResult> results = new ArrayList<>();
    int reused;
    String error;
    boolean done;

    SearchRun(Job job, Group group, SearchState state) {
      this.job = job;
      this.group = group;
      this.state = state;
    }
  }

  public StudyResults run() throws StudyRunException, IOException {
    Map<String, Group> groups = groups();
    validate(groups);
    Files.createDirectories(options.outputDir());
    int removed = store.removePartials();
    if (removed > 0) {
      listener.info("capacity: removed " + removed + " half-written probe folder(s) of an interrupted run");
    }
    List<SearchRun> searches = new ArrayList<>();
    Map<Job, Group> groupOf = new HashMap<>();
    groups.values().forEach(g -> g.jobs().forEach(j -> groupOf.put(j, g)));
    for (Job job : jobs) {
      searches.add(new SearchRun(job, groupOf.get(job), Searches.start(job.search(), searchSettings)));
    }
    listener.info(String.format(java.util.Locale.ROOT,
        "capacity: %d jobs (%d distinct simulations per probe point), %d thread(s), seed %d",
        jobs.size(), groups.size(), options.threads(), study.settings().seed()));
    long started = System.nanoTime();
    StudyInputs inputs = inputs(groups);
    listener.info(String.format(java.util.Locale.ROOT,
        "capacity: inputs fingerprinted in %d ms (code, %d trace(s), %d profile set(s) by content)",
        (System.nanoTime() - started) / 1_000_000, inputs.traces().size(), inputs.profiles().size()));
    Map<ProbeKey, ProbeResult> known = drive(searches);
    return results(searches, known, inputs);
  }

  /** Digests every trace, profile set and code location the study's probes use, once. */
  private StudyInputs inputs(Map<String, Group> groups) {
    List<SimulationConfig> configs = new ArrayList<>();
    Map<String, String> traceNames = new HashMap<>();
    for (Group g : groups.values()) {
      SimulationConfig c = firstProbe(g);
      if (c != null) {
        configs.add(c);
        traceNames.put(c.trace(), g.owner().trace().traceFile().toString().replace('\\', '/'));
      }
    }
    return fingerprints.inputs(configs, traceNames);
  }

  /** The simulation of a group's first probe (every search of the group starts there), or null. */
  private SimulationConfig firstProbe(Group g) {
    Job job = g.owner();
    return Searches.start(job.search(), searchSettings).nextProbe()
        .map(first -> JobConfigs.simulation(job, first, study.settings()))
        .orElse(null);
  }

  private Map<String, Group> groups() {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Map.Entry<String, List<Job>> e : JobGrid.bySimulation(jobs).entrySet()) {
      List<SloConfig> slos = new ArrayList<>();
      for (Job j : e.getValue()) {
        if (!slos.contains(j.slo())) {
          slos.add(j.slo());
        }
      }
      groups.put(e.getKey(), new Group(e.getKey(), e.getValue(), slos));
    }
    return groups;
  }

  /**
   * Checks the first probe of every group (no simulation run) so bad combinations fail up front. The
   * study's inputs are checked first (the mojos do it when reading; a runner built directly must not
   * skip it): a bad model, device or trace is one problem at its key, not one per job.
   */
  private void validate(Map<String, Group> groups) throws StudyRunException {
    List<String> problems = new ArrayList<>();
    InputChecks.Findings findings = InputChecks.check(study, simulator, fingerprints, options.outputDir());
    findings.problems().forEach(p -> problems.add(p.toString()));
    if (!problems.isEmpty()) {
      throw new StudyRunException(problems);
    }
    Map<String, String> seen = new HashMap<>();
    for (Group g : groups.values()) {
      Job job = g.owner();
      SimulationConfig config = firstProbe(g);
      if (config == null) {
        continue;
      }
      try {
        // checked without the trace (its facts say whether it has sessions): a rerun whose probes are
        // all reused then never parses it
        TraceFacts trace = findings.traces().get(config.trace());
        if (trace == null) {
          simulator.prepare(config);
        } else {
          simulator.check(config, trace.hasSessions());
        }
      } catch (SimulationInputException | IllegalArgumentException e) {
        String message = e.getMessage();
        if (seen.putIfAbsent(message, job.key()) == null) {
          problems.add("job " + job.key() + " (" + study.file().getFileName() + ", search config at line "
              + job.search().at().line() + "): " + message);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new StudyRunException(problems);
    }
    TraceFacts.remember(findings.traces(), fingerprints, options.outputDir());
  }

  /** Runs every search to its end; returns every probe's last result. */
  private Map<ProbeKey, ProbeResult> drive(List<SearchRun> searches) throws IOException {
    Map<ProbeKey, ProbeResult> known = new HashMap<>();
    Map<ProbeKey, Set<String>> asked = new HashMap<>();
    Map<ProbeKey, ProbeExecutor.Handle> running = new LinkedHashMap<>();
    Progress progress = new Progress(searches.size(), listener, () -> remainingProbes(searches));
    try (ProbeExecutor executor =
        executors.create(new ProbeSimulation(simulator, store, options.earlyStop()), options.threads())) {
      while (true) {
        // every search's next probe first, then submit: searches that wait for the same probe (the
        // first probe of a group is every search's) get it stopped on all their SLO configs at once
        Map<ProbeKey, Group> needed = new LinkedHashMap<>();
        for (SearchRun s : searches) {
          if (!s.done) {
            ProbeKey next = advance(s, known, running.keySet(), progress);
            if (next != null) {
              needed.put(next, s.group);
              asked.computeIfAbsent(next, k -> new TreeSet<>()).add(s.job.slo().name());
            }
          }
        }
        needed.forEach((key, group) -> submit(key, group, asked.get(key), running, executor));
        if (needed.isEmpty()) {
          break;
        }
        if (options.speculate() && !options.earlyStop()) {
          speculate(searches, known, running, executor);
        }
        ProbeExecutor.Handle task = take(executor);
        ProbeKey key = new ProbeKey(task.task().group(), task.task().probe());
        running.remove(key);
        try {
          ProbeResult result = task.result();
          if (result != null) {
            known.put(key, result);
            progress.probeSimulated();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for simulations", e);
        } catch (ExecutionException e) {
          fail(searches, key, e.getCause(), progress);
        }
      }
      // speculative probes nobody needs: stop them and wait, so nothing writes after we return
      for (ProbeExecutor.Handle t : running.values()) {
        t.cancel();
      }
      for (ProbeExecutor.Handle t : running.values()) {
        try {
          t.result();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while stopping speculative simulations", e);
        } catch (ExecutionException ignored) {
          // a speculative probe no search needed: its failure does not matter
        }
      }
    }
    writeSharers(searches, known);
    fingerprints.save();
    listener.info("capacity: reuse checks: " + fingerprints.cost());
    if (!staleOnDisk.isEmpty()) {
      listener.info("capacity: " + staleOnDisk.size() + " probe(s) finished by an earlier run were simulated"
          + " again: what determines them changed (simulation config, trace or profile bytes, or code;"
          + " results.json records the inputs)");
    }
    redefinedSlos.forEach((slo, keys) -> listener.info("capacity: SLO config '" + slo + "' is not the one"
        + " its stored verdicts were judged under (type, quantile, metric or bound changed): " + keys.size()
        + " probe(s) simulated again to judge it"));
    progress.finish();
    return known;
  }

  /**
   * Writes the folders of jobs that share another job's simulation, from each probe's final result (a
   * probe rerun for a later search has more requests finished than the run an earlier search used).
   */
  private void writeSharers(List<SearchRun> searches, Map<ProbeKey, ProbeResult> known) {
    for (SearchRun s : searches) {
      if (s.job == s.group.owner()) {
        continue;
      }
      for (ProbeResult r : finalResults(s, known)) {
        Probe probe = new Probe(r.replicas(), r.qps());
        store.writeSharer(s.job.hash(), probe, JobConfigs.simulation(s.job, probe, study.settings()), r);
      }
    }
  }

  /** The results a search used, each replaced by its probe's last run (the one whose folder stays). */
  private static List<ProbeResult> finalResults(SearchRun s, Map<ProbeKey, ProbeResult> known) {
    List<ProbeResult> out = new ArrayList<>(s.results.size());
    for (ProbeResult r : s.results) {
      out.add(known.getOrDefault(new ProbeKey(s.group.key(), new Probe(r.replicas(), r.qps())), r));
    }
    return out;
  }

  /**
   * The probes the unfinished searches still need, estimated from their states. Searches of one group
   * share probes until their SLO verdicts diverge: a group counts its longest search plus half the rest.
   */
  private int remainingProbes(List<SearchRun> searches) {
    Map<String, int[]> left = new HashMap<>(); // group -> {max, sum}
    for (SearchRun s : searches) {
      if (!s.done) {
        int remaining = Math.max(1, s.state.remainingEstimate());
        int[] v = left.computeIfAbsent(s.group.key(), k -> new int[2]);
        v[0] = Math.max(v[0], remaining);
        v[1] += remaining;
      }
    }
    int sum = 0;
    for (int[] v : left.values()) {
      sum += v[0] + (v[1] - v[0]) / 2;
    }
    return sum;
  }

  private void fail(List<SearchRun> searches, ProbeKey key, Throwable cause, Progress progress) {
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    for (SearchRun s : searches) {
      if (!s.done && s.group.key().equals(key.group())
          && s.state.nextProbe().map(p -> p.equals(key.probe())).orElse(false)) {
        s.error = "probe " + key.probe() + " failed: " + message;
        s.done = true;
        progress.searchDone(labels.get(s.job), "FAILED: " + s.error);
      }
    }
  }

  /**
   * Idle executor slots run probes a search may need next (both outcomes of its pending probe, two
   * levels deep), in search order. Results do not change: a search only consumes the probes it asks for.
   */
  private void speculate(
      List<SearchRun> searches,
      Map<ProbeKey, ProbeResult> known,
      Map<ProbeKey, ProbeExecutor.Handle> running,
      ProbeExecutor executor) {
    int slots = executor.parallelism();
    for (int depth = 2; depth <= 3 && running.size() < slots; depth++) {
      for (SearchRun s : searches) {
        if (s.done) {
          continue;
        }
        for (Probe p : s.state.lookahead(depth)) {
          if (running.size() >= slots) {
            return;
          }
          ProbeKey key = new ProbeKey(s.group.key(), p);
          if (!known.containsKey(key) && !running.containsKey(key)
              && !loadFinished(key, s.group, known)) {
            submit(key, s.group, List.of(), running, executor);
          }
        }
      }
    }
  }

  /**
   * Submits a probe unless it is running (a search that needs more than the running probe will decide
   * asks again once it ends). {@code stopOn}: the SLO configs of the searches that asked for it so far.
   */
  private void submit(ProbeKey key, Group group, Collection<String> stopOn,
      Map<ProbeKey, ProbeExecutor.Handle> running, ProbeExecutor executor) {
    if (running.containsKey(key)) {
      return;
    }
    SimulationConfig config = JobConfigs.simulation(group.owner(), key.probe(), study.settings());
    ProbeTask task = new ProbeTask(
        group.key(), group.owner().hash(), key.probe(), config, fingerprint(key, config), group.slos(),
        List.copyOf(stopOn));
    running.put(key, executor.submit(task));
  }

  /** A probe's fingerprint, computed once per run (it is needed to look the probe up and to submit it). */
  private String fingerprint(ProbeKey key, SimulationConfig config) {
    return fingerprintOf.computeIfAbsent(key, k -> fingerprints.of(config));
  }

  /** A probe finished by an earlier run, read from disk into {@code known}. */
  private boolean loadFinished(ProbeKey key, Group group, Map<ProbeKey, ProbeResult> known) {
    SimulationConfig config = JobConfigs.simulation(group.owner(), key.probe(), study.settings());
    ProbeResult result = store.load(group.owner().hash(), key.probe(), fingerprint(key, config));
    if (result != null) {
      known.put(key, result);
      return true;
    }
    if (store.hasProbe(group.owner().hash(), key.probe())) {
      staleOnDisk.add(key);
    }
    return false;
  }

  private static ProbeExecutor.Handle take(ProbeExecutor executor) throws IOException {
    try {
      return executor.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for simulations", e);
    }
  }

  /**
   * Feeds a search every verdict already known (in memory or finished on disk); returns the probe it
   * waits for, or null when it is done.
   */
  private ProbeKey advance(
      SearchRun s, Map<ProbeKey, ProbeResult> known, Set<ProbeKey> inFlight, Progress progress) {
    while (true) {
      Optional<Probe> next = s.state.nextProbe();
      if (next.isEmpty()) {
        s.done = true;
        progress.searchDone(labels.get(s.job), describe(s));
        return null;
      }
      Probe probe = next.get();
      ProbeKey key = new ProbeKey(s.group.key(), probe);
      ProbeResult result = known.get(key);
      // a probe in flight is this run's own work, not an earlier run's: wait for it
      if (result == null && !inFlight.contains(key) && loadFinished(key, s.group, known)) {
        result = known.get(key);
        if (result.decides(s.job.slo())) {
          progress.probeReused();
        }
      }
      // stopped early on other searches' SLO configs before this one's was certain, or judged under an
      // SLO config of the same name that has since been edited: run it again
      if (result == null || !result.decides(s.job.slo())) {
        if (result != null && result.verdicts().containsKey(s.job.slo().name())) {
          redefinedSlos.computeIfAbsent(s.job.slo().name(), k -> new HashSet<>()).add(key);
        }
        return key;
      }
      s.results.add(result);
      s.state = s.state.record(result.passes(s.job.slo().name()));
    }
  }

  private static String describe(SearchRun s) {
    SearchOutcome o = s.state.outcome();
    if (o.reason() != null) {
      return o.reason(); // "not found: ..." / "below min_qps ...", with the probe count
    }
    String value =
        switch (o.status()) {
          case FOUND -> o.mode() == dev.capacity.plugin.study.SearchMode.QPS
              ? String.format(java.util.Locale.ROOT, "max QPS %.4g", o.capacity().getAsDouble())
              : String.format(java.util.Locale.ROOT, "min replicas %d", (long) o.capacity().getAsDouble());
          case PROBED -> "isoqps done";
          case NOT_FOUND, BELOW_MIN_QPS -> o.status().name();
        };
    return value + " (" + o.probes().size() + " probes)";
  }

  private StudyResults results(List<SearchRun> searches, Map<ProbeKey, ProbeResult> known, StudyInputs inputs)
      throws IOException {
    List<JobResult> out = new ArrayList<>();
    for (int i = 0; i < searches.size(); i++) {
      SearchRun s = searches.get(i);
      Job j = s.job;
      SearchOutcome o = s.error == null ? s.state.outcome() : null;
      List<ProbeSummary> probes = new ArrayList<>();
      for (ProbeResult r : finalResults(s, known)) {
        SloVerdict v = r.verdicts().get(j.slo().name());
        probes.add(
            new ProbeSummary(
                r.replicas(), r.qps(), v.passes(), v.passingFraction(), v.metrics(), r.percentiles(),
                r.numCompleted(), r.numUnfinished(), r.stoppedEarly(),
                "runs/" + j.hash() + "/" + new Probe(r.replicas(), r.qps()).folderName(), r.fingerprint(),
                r.prefixHits()));
      }
      String unit =
          switch (j.search().searchFor()) {
            case QPS -> "qps";
            case NUM_REPLICAS -> "replicas";
            case ISOQPS -> "none";
          };
      Double capacity =
          o == null || o.capacity().isEmpty() || "none".equals(unit) ? null : o.capacity().getAsDouble();
      out.add(
          new JobResult(
              i,
              j.key(),
              j.hash(),
              j.model().name(),
              j.trace().name(),
              j.cluster().key(), // the network device, with precision overrides when given
              j.router().key(),
              j.queue().name(),
              j.replicaScheduler().key(),
              j.slo().name(),
              j.tp(),
              j.pp(),
              j.batchCap(),
              j.search().searchFor().yamlName(),
              j.search().numRequests(),
              requestsArrived(j.search().numRequests(), o, finalResults(s, known)),
              capacity,
              unit,
              o == null ? "ERROR" : o.stopReason().name(),
              probes,
              s.error,
              o == null || o.reason() == null ? null : o.status().name(),
              o == null ? null : o.reason(),
              j.search().numReplicas(),
              j.slo().quantile().value(),
              j.costPerGpuHour()));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("seed", study.settings().seed());
    settings.put("time_limit_minutes", study.settings().timeLimitMinutes());
    settings.put("max_iterations", study.settings().maxIterations());
    settings.put("min_search_granularity_percent", study.settings().minSearchGranularityPercent());
    settings.put("min_qps", study.settings().minQps());
    if (study.settings().targetQps() != null) {
      settings.put("target_qps", study.settings().targetQps()); // only when set: older results stay as they were
    }
    return new StudyResults(
        StudyResults.SCHEMA_VERSION,
        options.pluginVersion(),
        study.file().getFileName().toString(),
        studyFingerprint(),
        inputs,
        settings,
        out);
  }

  /**
   * The requests a job actually simulated, when fewer than the asked {@code num_requests} arrived
   * before the time limit (num_requests beyond what the QPS sends in that time, as when a trace is
   * asked for many times its rows): at the capacity's probe, or
   * else the most of any probe that ran to its end (an early-stopped probe saw only part of them).
   * Null when every asked request arrived, so results of ordinary studies stay as they were.
   */
  private static Integer requestsArrived(int asked, SearchOutcome o, List<ProbeResult> probes) {
    int arrived = -1;
    for (ProbeResult r : probes) {
      if (r.stoppedEarly()) {
        continue;
      }
      boolean atCapacity = o != null && o.capacity().isPresent()
          && (o.mode() == dev.capacity.plugin.study.SearchMode.NUM_REPLICAS
              ? r.replicas() == o.capacity().getAsDouble() : r.qps() == o.capacity().getAsDouble());
      if (atCapacity) {
        arrived = r.numRequests();
        break;
      }
      arrived = Math.max(arrived, r.numRequests());
    }
    return arrived < 0 || arrived >= asked ? null : arrived;
  }

  private String studyFingerprint() throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ProbeFingerprints.MODEL_VERSION.getBytes(StandardCharsets.UTF_8));
      sha.update(options.pluginVersion().getBytes(StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(study.file()));
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
