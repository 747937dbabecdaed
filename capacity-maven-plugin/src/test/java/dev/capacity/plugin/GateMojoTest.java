package dev.capacity.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The gate's build outcome and messages (issue 15, item 4), on results built by hand. */
@MojoTest
class GateMojoTest {
  static final String KEY = "m_t_c_round_robin_fcfs_vllm_v1_cs512_tp1_pp1_bsz128_sloa_searchqps_q1_reqs1999";
  static final String OLD_KEY = KEY.replace("reqs1999", "reqs2000");

  static ProbeSummary probe(double qps, boolean passed) {
    return new ProbeSummary(2, qps, passed, passed ? 1 : 0.5, List.of(), Map.of(), 300, 0, false,
        "runs/aaaa0000/r2_q" + qps);
  }

  static JobResult qpsJob(String key, Double capacity) {
    return new JobResult(0, key, "aaaa0000", "m", "t", "c", "round_robin", "fcfs", "vllm_v1_cs512", "a", 1, 1,
        128, "qps", 1999, capacity, "qps", "CONVERGED", capacity == null ? List.of() : List.of(probe(capacity, true)),
        null);
  }

  static JobResult isoqpsJob(String key, boolean... passed) {
    List<ProbeSummary> probes = new java.util.ArrayList<>();
    for (int i = 0; i < passed.length; i++) {
      probes.add(probe(i + 1, passed[i]));
    }
    return new JobResult(0, key, "bbbb1111", "m", "t", "c", "round_robin", "fcfs", "vllm_v1_cs512", "a", 1, 1,
        128, "isoqps", 300, null, "none", "ALL_PROBED", probes, null);
  }

  static StudyResults results(JobResult... jobs) {
    return new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), List.of(jobs));
  }

  private static Path baseline(MergeMojo mojo, String json) throws Exception {
    Path dir = Files.createTempDirectory("gate");
    Path file = Files.writeString(dir.resolve("baseline.json"), json);
    mojo.baseline = file.toFile();
    return dir;
  }

  private static void gate(MergeMojo mojo, Path dir, StudyResults r) throws Exception {
    mojo.publishAndGate(dir.resolve("out"), r, 1); // reads the baseline: each test gives another
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void aBaselineMatchingNoJobFailsListingBothSides(MergeMojo mojo) throws Exception {
    Path dir = baseline(mojo, "{\"schemaVersion\":1,\"capacities\":{\"" + OLD_KEY + "\":2.5}}");
    assertThatThrownBy(() -> gate(mojo, dir, results(qpsJob(KEY, 2.5))))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("capacity: the baseline " + mojo.baseline + " matches none of the study's 1 job(s),"
            + " so it gates nothing (1 study job(s) not in it, 1 entr(ies) not in the study):\n"
            + "  study job not in the baseline: " + KEY + " [aaaa0000]\n"
            + "  baseline entry not in the study: " + OLD_KEY + "\n"
            + "If the job keys changed on purpose, run mvn capacity:update-baseline");
    // the candidate holds the study's keys, ready to adopt
    assertThat(Baseline.read(dir.resolve("out/baseline.candidate.json")).capacities())
        .containsExactly(Map.entry(KEY, 2.5));
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void failOnMissingBaselineFailsForAJobWithoutABaselineValue(MergeMojo mojo) throws Exception {
    Path dir = baseline(mojo, "{\"schemaVersion\":1,\"capacities\":{\"" + KEY + "\":2.5}}");
    StudyResults r = results(qpsJob(KEY, 2.5), qpsJob(KEY + "_new", 3.0));
    gate(mojo, dir, r); // not asked for: passes
    mojo.failOnMissingBaseline = true;
    assertThatThrownBy(() -> gate(mojo, dir, r))
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("capacity: 1 job(s) have no value in the baseline " + mojo.baseline
            + " (capacity.failOnMissingBaseline=true):\n  no baseline value for " + KEY + "_new [aaaa0000]\n"
            + "Run mvn capacity:update-baseline (a candidate is in " + dir.resolve("out/baseline.candidate.json")
            + ") and commit baseline.json");
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void aMalformedBaselineFailsWhenRead(MergeMojo mojo) throws Exception {
    baseline(mojo, "{\"schemaVersion\":1,\"capacities\":{\"" + KEY + "\":-200}}");
    assertThatThrownBy(mojo::checkBaseline)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("capacity: malformed baseline " + mojo.baseline + ":\n  capacity of \"" + KEY
            + "\" is -200: expected a positive number\n");
    baseline(mojo, "{}");
    assertThatThrownBy(mojo::checkBaseline)
        .hasMessageStartingWith("capacity: malformed baseline " + mojo.baseline + ":\n"
            + "  no \"schemaVersion\" (expected 1)\n  no \"capacities\" map\n");
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void anIsoqpsPassTurningToFailRegresses(MergeMojo mojo) throws Exception {
    Path dir = baseline(mojo, "{\"schemaVersion\":1,\"capacities\":{\"iso\":2}}");
    gate(mojo, dir, results(isoqpsJob("iso", true, true, false)));
    assertThatThrownBy(() -> gate(mojo, dir, results(isoqpsJob("iso", true, false, false))))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Capacity regressed for iso [bbbb1111]: isoqps passing up to QPS 1 < baseline 2");
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void aJobThatHadACapacityAndNowHasNoneRegresses(MergeMojo mojo) throws Exception {
    Path dir = baseline(mojo, "{\"schemaVersion\":1,\"capacities\":{\"" + KEY + "\":2.5}}");
    JobResult none = new JobResult(0, KEY, "aaaa0000", "m", "t", "c", "round_robin", "fcfs", "vllm_v1_cs512", "a",
        1, 1, 128, "qps", 1999, null, null, "qps", "BELOW_MIN_QPS", List.of(probe(0.0625, false)), null, "BELOW_MIN_QPS",
        "below min_qps 0.1: 0.0625 QPS still fails at 2 replicas (after 8 probes, upper bound under min_qps)");
    assertThatThrownBy(() -> gate(mojo, dir, results(none)))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Capacity regressed for " + KEY + " [aaaa0000]: max QPS none (below min_qps 0.1:"
            + " 0.0625 QPS still fails at 2 replicas (after 8 probes, upper bound under min_qps)), baseline 2.5");
  }

  /** update-baseline writes what the gate reads: isoqps included, jobs without a value left out. */
  @Test
  @InjectMojo(goal = "update-baseline", pom = "classpath:/unit/search/pom.xml")
  void updateBaselineWritesWhatTheGateReads(UpdateBaselineMojo mojo) throws Exception {
    Path dir = Files.createTempDirectory("update");
    mojo.outputDirectory = dir.toFile();
    mojo.baseline = dir.resolve("baseline.json").toFile();
    ResultsWriter.write(dir, results(qpsJob(KEY, 2.5), isoqpsJob("iso", true, true, false), qpsJob("none", null)));
    mojo.executeGoal();
    assertThat(Baseline.read(mojo.baseline.toPath()).capacities())
        .containsExactly(Map.entry("iso", 2.0), Map.entry(KEY, 2.5)); // sorted by key

    // nothing to record: refuse rather than write an empty baseline the gate would reject
    ResultsWriter.write(dir, results(qpsJob("none", null), isoqpsJob("iso", false)));
    assertThatThrownBy(mojo::executeGoal).isInstanceOf(MojoFailureException.class)
        .hasMessage("capacity: none of the 2 job(s) in " + dir.resolve("results.json") + " has a capacity to"
            + " record (see their status in results.csv); " + mojo.baseline + " left unchanged");
    assertThat(Baseline.read(mojo.baseline.toPath()).capacities()).containsKey("iso");
  }
}
