package dev.capacity.plugin.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.results.BaselineGate.Comparison;
import dev.capacity.plugin.results.BaselineGate.Verdict;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.plugin.study.MetricAtQuantile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineGateTest {
  private static JobResult job(String key, Double capacity, String unit) {
    return new JobResult(0, key, key.substring(0, 1) + "0000000", "m", "t", "c", "round_robin", "fcfs",
        "vllm_v1_cs512", "slo", 1, 1, 128, "replicas".equals(unit) ? "num_replicas" : "qps", 100, capacity, unit,
        "CONVERGED", List.of(), null);
  }

  private static StudyResults results(JobResult... jobs) {
    return new StudyResults(1, "test", "capacity.yaml", "f", Map.of(), List.of(jobs));
  }

  @Test
  void qpsBelowBaselineBeyondToleranceRegressesWithinToleranceIsOk() {
    // tolerance 2 %: baseline 10 -> anything below 9.8 regresses
    StudyResults r = results(job("a", 9.7, "qps"), job("b", 9.85, "qps"), job("c", 10.5, "qps"), job("d", 3.0, "qps"));
    Baseline base = new Baseline(1, Map.of("a", 10.0, "b", 10.0, "c", 10.0, "gone", 4.0));
    List<Comparison> cmp = BaselineGate.compare(r, base, 0.02);
    assertThat(cmp).extracting(Comparison::key).containsExactly("a", "c", "d", "gone", "b");
    assertThat(cmp).extracting(Comparison::verdict)
        .containsExactly(Verdict.REGRESSED, Verdict.IMPROVED, Verdict.NEW, Verdict.MISSING, Verdict.OK);
    assertThat(cmp.get(0).describe(0.02))
        .contains("Capacity regressed for a", "max QPS 9.7 < baseline 10", "-3.00%", "tolerance 2.00%");
  }

  @Test
  void moreReplicasThanBaselineIsARegressionForReplicaSearches() {
    StudyResults r = results(job("r", 5.0, "replicas"), job("s", 3.0, "replicas"));
    Baseline base = new Baseline(1, Map.of("r", 4.0, "s", 4.0));
    List<Comparison> cmp = BaselineGate.compare(r, base, 0.02);
    assertThat(cmp).extracting(Comparison::verdict).containsExactly(Verdict.REGRESSED, Verdict.IMPROVED);
    assertThat(cmp.get(0).describe(0.02)).contains("min replicas 5 > baseline 4");
  }

  @Test
  void aJobThatFoundNothingRegressesAgainstAPositiveBaseline() {
    List<Comparison> cmp = BaselineGate.compare(results(job("a", null, "qps")), new Baseline(1, Map.of("a", 2.0)), 0.02);
    assertThat(cmp.get(0).verdict()).isEqualTo(Verdict.REGRESSED);
  }

  /** Probes at 1, 2, 4 QPS passing as given (an isoqps job records no capacity, only its probes). */
  private static JobResult isoqps(String key, boolean... passed) {
    List<ProbeSummary> probes = new ArrayList<>();
    double[] qps = {1, 2, 4};
    for (int i = 0; i < passed.length; i++) {
      probes.add(new ProbeSummary(2, qps[i], passed[i], passed[i] ? 1 : 0.5,
          List.of(new MetricAtQuantile("prefill_e2e_time", 1.0, passed[i] ? 0.5 : 2.0)), Map.of(), 300, 0, false,
          "runs/x/r2_q" + qps[i]));
    }
    return new JobResult(0, key, key.substring(0, 1) + "0000000", "m", "t", "c", "round_robin", "fcfs",
        "vllm_v1_cs512", "slo", 1, 1, 128, "isoqps", 100, null, "none", "ALL_PROBED", probes, null);
  }

  @Test
  void aJobThatLostItsCapacityRegressesSayingWhy() {
    JobResult none = new JobResult(0, "a", "a0000000", "m", "t", "c", "round_robin", "fcfs", "vllm_v1_cs512",
        "slo", 1, 1, 128, "num_replicas", 100, null, null, "replicas", "MAX_ITERATIONS", List.of(), null, "NOT_FOUND",
        "not found: 32 replicas still fail at 2 QPS (after 4 probes, max_iterations reached)");
    Comparison c = BaselineGate.compare(results(none), new Baseline(1, Map.of("a", 4.0)), 0.02).get(0);
    assertThat(c.verdict()).isEqualTo(Verdict.REGRESSED);
    assertThat(c.describe(0.02)).isEqualTo("Capacity regressed for a [a0000000]: min replicas none (not found:"
        + " 32 replicas still fail at 2 QPS (after 4 probes, max_iterations reached)), baseline 4");
  }

  /** isoqps: the highest QPS up to which every probe passed; a pass turning to fail regresses. */
  @Test
  void isoqpsJobsAreGatedOnTheirPassingProbes() {
    assertThat(BaselineGate.gated(isoqps("i", true, true, false))).isEqualTo(2.0);
    assertThat(BaselineGate.gated(isoqps("i", true, false, true))).isEqualTo(1.0); // up to the first failure
    assertThat(BaselineGate.gated(isoqps("i", false, true, true))).isNull();
    Baseline base = Baseline.from(results(isoqps("i", true, true, false)));
    assertThat(base.capacities()).containsExactly(Map.entry("i", 2.0)); // what update-baseline records

    List<Comparison> same = BaselineGate.compare(results(isoqps("i", true, true, false)), base, 0.02);
    assertThat(same).extracting(Comparison::verdict).containsExactly(Verdict.OK);
    List<Comparison> lost = BaselineGate.compare(results(isoqps("i", true, false, false)), base, 0.02);
    assertThat(lost).extracting(Comparison::verdict).containsExactly(Verdict.REGRESSED);
    assertThat(lost.get(0).describe(0.02)).isEqualTo("Capacity regressed for i [i0000000]: isoqps passing up to"
        + " QPS 1 < baseline 2 (-50.00%, tolerance 2.00%)");
    List<Comparison> allFail = BaselineGate.compare(results(isoqps("i", false, false, false)), base, 0.02);
    assertThat(allFail.get(0).verdict()).isEqualTo(Verdict.REGRESSED);
    assertThat(allFail.get(0).describe(0.02)).contains("isoqps passing up to QPS none (isoqps: the lowest QPS"
        + " failed), baseline 2");
  }

  /** Issue 15, item 4: every job key changed (num_requests 2000 -> 1999); nothing is compared. */
  @Test
  void aBaselineMatchingNoJobIsFlaggedListingBothSidesClipped() {
    List<JobResult> jobs = IntStream.range(0, 12).mapToObj(i -> job("k" + (char) ('a' + i) + "_reqs1999", 2.0, "qps"))
        .toList();
    Map<String, Double> old = new java.util.TreeMap<>();
    IntStream.range(0, 3).forEach(i -> old.put("k" + (char) ('a' + i) + "_reqs2000", 2.0));
    BaselineGate.Findings f = BaselineGate.Findings.of(BaselineGate.compare(
        new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), jobs), new Baseline(1, old), 0.02));
    assertThat(f.noneMatched()).isTrue();
    assertThat(f.summary(0.02)).isEqualTo(
        "0 job(s) within 2.00% of the baseline, 0 regressed, 0 improved, 12 new, 3 not in the study");
    assertThat(f.unmatchedLines()).hasSize(10 + 1 + 3)
        .startsWith("study job not in the baseline: ka_reqs1999 [k0000000]")
        .contains("... and 2 more", "baseline entry not in the study: kc_reqs2000");

    BaselineGate.Findings one = BaselineGate.Findings.of(BaselineGate.compare(
        results(job("ka_reqs1999", 2.0, "qps"), job("kb_reqs1999", 2.0, "qps")),
        new Baseline(1, Map.of("ka_reqs1999", 2.0, "gone", 1.0)), 0.02));
    assertThat(one.noneMatched()).isFalse();
    assertThat(one.stale()).extracting(Comparison::key).containsExactly("gone");
  }

  /**
   * A baseline recorded before keys named num_replicas gates the one job its old key can mean, and says
   * to run update-baseline; an old key two jobs share (they differ only in num_replicas) matches neither.
   */
  @Test
  void legacyKeysWithoutReplicasMatchWhenUnambiguous() {
    String p = "m_t_c_round_robin_fcfs_vllm_v1_cs512_tp1_pp1_bsz128_slos";
    StudyResults r = results(job(p + "_searchqps_r2_q1_reqs300", 1.0, "qps"),
        job(p + "x_searchqps_r2_q1_reqs300", 3.0, "qps"), job(p + "x_searchqps_r1_q1_reqs300", 1.5, "qps"));
    Baseline old = new Baseline(1, Map.of(p + "_searchqps_q1_reqs300", 2.0, p + "x_searchqps_q1_reqs300", 3.0));
    List<Comparison> cmp = BaselineGate.compare(r, old, 0.02);
    assertThat(cmp).extracting(Comparison::verdict)
        .containsExactly(Verdict.REGRESSED, Verdict.NEW, Verdict.NEW, Verdict.MISSING);
    assertThat(cmp.get(0).key()).isEqualTo(p + "_searchqps_r2_q1_reqs300");
    assertThat(cmp.get(0).baseline()).isEqualTo(2.0);
    assertThat(cmp.get(0).matchedLegacyKey()).isTrue();
    assertThat(cmp.get(3).key()).isEqualTo(p + "x_searchqps_q1_reqs300"); // ambiguous: left stale
    assertThat(BaselineGate.legacyNote(cmp)).isEqualTo("capacity: 1 baseline entry has a job key from before keys"
        + " named num_replicas (..._searchqps_q1_reqs300 is now ..._searchqps_r2_q1_reqs300); each gated the one"
        + " job it can mean. Run mvn capacity:update-baseline to rewrite the keys");
    assertThat(BaselineGate.legacyNote(BaselineGate.compare(r, Baseline.from(r), 0.02))).isNull();
    assertThat(LegacyKeys.of(p + "_searchnum_replicas_r4_reqs300")).isEqualTo(p + "_searchnum_replicas_r4_reqs300");
    assertThat(LegacyKeys.of(p + "_searchisoqps_r2_q0.25_reqs300")).isEqualTo(p + "_searchisoqps_q0.25_reqs300");
  }

  /** failOnMissingBaseline: jobs with a value the baseline lacks (jobs with none have nothing to record). */
  @Test
  void jobsLackingABaselineValueAreListed() {
    BaselineGate.Findings f = BaselineGate.Findings.of(BaselineGate.compare(
        results(job("a", 2.0, "qps"), job("b", 3.0, "qps"), job("c", null, "qps")),
        new Baseline(1, Map.of("a", 2.0)), 0.02));
    assertThat(f.noneMatched()).isFalse();
    assertThat(f.lackingValues()).extracting(Comparison::key).containsExactly("b");
  }

  @Test
  void malformedBaselinesAreRejectedNamingTheFileAndKey(@TempDir Path dir) throws Exception {
    assertProblems(dir, "{}", "no \"schemaVersion\" (expected 1)", "no \"capacities\" map");
    assertProblems(dir, "{\"schemaVersion\":1,\"capacities\":{}}", "\"capacities\" is empty: it gates nothing");
    assertProblems(dir, "{\"schemaVersion\":1,\"capacities\":{\"k1\":-200,\"k2\":0,\"k3\":NaN,\"k4\":\"abc\","
        + "\"k5\":null,\"k6\":2.5}}",
        "capacity of \"k1\" is -200: expected a positive number",
        "capacity of \"k2\" is 0: expected a positive number",
        "capacity of \"k3\" is NaN: expected a positive number",
        "capacity of \"k4\" is \"abc\": expected a positive number",
        "capacity of \"k5\" is null: expected a positive number");
    assertProblems(dir, "{\"schemaVersion\":2,\"capacities\":{\"k\":1}}", "\"schemaVersion\" is 2, expected 1");
    assertProblems(dir, "{\"schemaVersion\":1,\"capacities\":[1]}",
        "\"capacities\" is an array, not a map of job key to capacity");
    assertProblems(dir, "[]", "not a JSON object but an array");
    assertProblems(dir, "", "empty file");
    Path file = write(dir, "capacities: {}");
    assertThatThrownBy(() -> Baseline.read(file)).isInstanceOf(BaselineException.class)
        .hasMessageStartingWith("malformed baseline " + file + ":\n  not JSON: Unrecognized token 'capacities'")
        .hasMessageContaining("(line 1, column 1)")
        .hasMessageEndingWith("regenerate it with mvn capacity:update-baseline)");

    Path good = write(dir, "{\"schemaVersion\":1,\"capacities\":{\"k\":2.5}}");
    assertThat(Baseline.read(good).capacities()).containsExactly(Map.entry("k", 2.5));
  }

  private static Path write(Path dir, String json) throws Exception {
    return Files.writeString(dir.resolve("baseline.json"), json);
  }

  private static void assertProblems(Path dir, String json, String... problems) throws Exception {
    Path file = write(dir, json);
    assertThatThrownBy(() -> Baseline.read(file)).isInstanceOfSatisfying(BaselineException.class, e -> {
      assertThat(e.problems()).containsExactly(problems);
      assertThat(e.getMessage()).startsWith("malformed baseline " + file + ":\n  " + problems[0]);
    });
  }
}
