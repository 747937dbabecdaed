package dev.capacity.plugin.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.study.MetricAtQuantile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: the report opens with the answer; replica counts are series of their own; zeros say why. */
class AnswersTest {
  @TempDir Path out;

  /** 2 x TP1 and 1 x TP2 (2 GPUs each) for two routers, priced at $2.5 per GPU-hour, SLO at p90. */
  static List<JobResult> twoByTp1OrOneByTp2() {
    return List.of(
        job(0, "aaaa0000", "round_robin", 2, 1, 2.25),
        job(1, "bbbb1111", "lor", 2, 1, 2.94),
        job(2, "cccc2222", "round_robin", 1, 2, 0.867),
        job(3, "dddd3333", "lor", 1, 2, 1.5));
  }

  static JobResult job(int index, String hash, String router, int replicas, int tp, double capacity) {
    List<ProbeSummary> probes = List.of(Fixtures.probe(hash, capacity * 2, false), Fixtures.probe(hash, capacity, true));
    return new JobResult(index, "k_" + hash, hash, "Meta-Llama-3-8B", "conv", "a100_dgx", router, "fcfs",
        "vllm_v1_cs512", "ttft_p90_2s", tp, 1, 128, "qps", 300, capacity, "qps", "CONVERGED", probes, null)
        .withDeployment(replicas, 0.9, 2.5);
  }

  private static JobGroups.Group group(List<JobResult> jobs) {
    List<JobGroups.Group> groups = JobGroups.of(jobs).groups();
    assertThat(groups).hasSize(1); // replica counts and TP are series of one group, not groups of their own
    return groups.get(0);
  }

  @Test
  void bestRunnerUpMarginPerGpuPerDollarAndTarget() {
    List<String> lines = Answers.of(group(twoByTp1OrOneByTp2()), Map.of(), 2.0);
    assertThat(lines).containsExactly(
        "Best: lor on 2 x TP1, 2.94 QPS (1.47 QPS per GPU). Runner-up: round_robin on 2 x TP1, 2.25 QPS (1.13 QPS"
            + " per GPU): the best sustains 30.7% more.",
        "Per dollar the best is lor on 2 x TP1, 0.588 QPS per $/h ($5/h for 2 GPUs).",
        // equally cheap: the one with the most headroom
        "Cheapest meeting the target 2 QPS: lor on 2 x TP1, 2.94 QPS on 2 GPUs at $5/h.");

    List<JobResult> withOneGpu = new java.util.ArrayList<>(twoByTp1OrOneByTp2());
    withOneGpu.add(job(4, "ffff5555", "round_robin", 1, 1, 2.1));
    assertThat(Answers.of(group(withOneGpu), Map.of(), 2.0)).containsExactly(
        "Best: lor on 2 x TP1, 2.94 QPS (1.47 QPS per GPU). Runner-up: round_robin on 2 x TP1, 2.25 QPS (1.13 QPS"
            + " per GPU): the best sustains 30.7% more.",
        "Per GPU the best is round_robin on 1 x TP1, 2.1 QPS per GPU.",
        "Per dollar the best is round_robin on 1 x TP1, 0.84 QPS per $/h ($2.5/h for 1 GPU).",
        "Cheapest meeting the target 2 QPS: round_robin on 1 x TP1, 2.1 QPS on 1 GPU at $2.5/h.");
    assertThat(Answers.of(group(withOneGpu), Map.of(), 5.0)).last()
        .isEqualTo("No configuration reaches the target 5 QPS; the highest is lor on 2 x TP1 at 2.94 QPS.");
  }

  @Test
  void aRegressionIsNamedInTheAnswer() {
    List<JobResult> jobs = twoByTp1OrOneByTp2();
    Map<String, BaselineGate.Comparison> cmp = new HashMap<>();
    cmp.put("k_bbbb1111", new BaselineGate.Comparison("k_bbbb1111", "bbbb1111", 3.5, 2.94, "qps",
        BaselineGate.Verdict.REGRESSED));
    cmp.put("k_aaaa0000", new BaselineGate.Comparison("k_aaaa0000", "aaaa0000", 2.25, 2.25, "qps",
        BaselineGate.Verdict.OK));
    assertThat(Answers.of(group(jobs), cmp, null))
        .contains("Regressed against the baseline: lor on 2 x TP1 3.5 → 2.94, -16.0%.");
    cmp.remove("k_bbbb1111");
    assertThat(Answers.of(group(jobs), cmp, null)).contains("No regression against the baseline.");
  }

  @Test
  void aZeroCapacityNamesTheSloThatFailedAtTheLowestQps() {
    List<ProbeSummary> probes = List.of(failing(0.25, 7.0), failing(0.125, 5.6), failing(0.0625, 5.1));
    JobResult none = new JobResult(0, "k", "eeee4444", "m", "t", "c", "round_robin", "fcfs", "vllm_v1_cs512",
        "ttft_p90_2s", 1, 1, 128, "qps", 300, null, null, "qps", "BELOW_MIN_QPS", probes, null, "BELOW_MIN_QPS",
        "below min_qps 0.1: 0.0625 QPS still fails at 2 replicas").withDeployment(2, 0.9, null);
    assertThat(Answers.noCapacity(none)).isEqualTo("TTFT p90 was 5.1 s > 2 s even at 0.0625 QPS");
    assertThat(Answers.of(group(List.of(none)), Map.of(), null)).containsExactly(
        "No configuration has a capacity.",
        "round_robin on 2 x TP1 has no capacity: TTFT p90 was 5.1 s > 2 s even at 0.0625 QPS.");
  }

  private static ProbeSummary failing(double qps, double ttft) {
    return new ProbeSummary(2, qps, false, 0.5, List.of(new MetricAtQuantile("prefill_e2e_time", 2.0, ttft)),
        Map.of(), 300, 0, false, "runs/eeee4444/r2_q" + qps);
  }

  @Test
  void theChartShowsEveryReplicaCountAsItsOwnSeries() throws Exception {
    String svg = Svg.render(Charts.capacityPerRouter("Capacity per router", twoByTp1OrOneByTp2()), 800, 300, "c");
    assertThat(svg).contains(">2 x TP1<", ">1 x TP2<"); // the legend
    for (String v : List.of(">2.25<", ">2.94<", ">0.867<", ">1.5<")) {
      assertThat(svg).as("bar label %s", v).contains(v);
    }
  }

  @Test
  void theReportOpensWithTheAnswerAndHeadsColumnsWithTheSloQuantile() throws Exception {
    StudyResults r = new StudyResults(1, "t", "capacity.yaml", "f", Map.of("target_qps", 2.0),
        twoByTp1OrOneByTp2());
    String html = new HtmlReport(r, List.of(), 0.02, out, w -> {}).render();
    int answer = html.indexOf("<h2 id=\"answer\">");
    assertThat(answer).isPositive().isLessThan(html.indexOf("<svg")).isLessThan(html.indexOf("id=\"baseline\""));
    assertThat(html.substring(answer, html.indexOf("<h2 id=\"capacity\">")))
        .contains("Best: lor on 2 x TP1, 2.94 QPS").contains("Cheapest meeting the target 2 QPS");
    assertThat(html).contains("<th>TTFT p90</th><th>TPOT p90</th><th>E2E p90</th>").doesNotContain("TTFT p99")
        .contains("<th>QPS per GPU</th>", "<th>QPS per $/h</th>");
  }

  /** All capacities zero or none: no chart with a 0, 0, ..., -0 axis, a note instead. */
  @Test
  void anAllZeroGroupDrawsNoAxis() throws Exception {
    List<JobResult> zeros = List.of(job(0, "aaaa0000", "round_robin", 2, 1, 0.0), job(1, "bbbb1111", "lor", 2, 1, 0.0));
    String html = new HtmlReport(new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), zeros), null, 0.02, out,
        w -> {}).render();
    String group = html.substring(html.indexOf("<section class=\"group\">"), html.indexOf("</section>"));
    assertThat(group).doesNotContain("<svg").contains("No chart: no configuration of this group has a capacity.");
    // and an axis drawn for tiny values starts at 0, never below
    String svg = Svg.render(Charts.capacityPerRouter("c", List.of(job(0, "aaaa0000", "round_robin", 2, 1, 1e-7))),
        600, 300, "z");
    Matcher m = Pattern.compile(">(-0|-[0-9.]+)<").matcher(svg);
    assertThat(m.find()).as("negative tick label").isFalse();
  }
}
