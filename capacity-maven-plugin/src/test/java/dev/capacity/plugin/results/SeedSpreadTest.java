package dev.capacity.plugin.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.results.BaselineGate.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedSpreadTest {
  private static JobResult job(String key, Double capacity) {
    return new JobResult(0, key, "aaaa0000", "m", "t", "c", "round_robin", "fcfs", "vllm_v1_cs512", "slo", 1, 1,
        128, "qps", 100, capacity, "qps", "CONVERGED", List.of(), null);
  }

  private static StudyResults results(JobResult... jobs) {
    return new StudyResults(1, "test", "capacity.yaml", "f", Map.of(), List.of(jobs));
  }

  @Test
  void spreadPerJobOverTheSeedsSkippingSeedsWithoutAValue() {
    SeedSpread s = SeedSpread.of(List.of(42L, 43L, 44L),
        List.of(results(job("a", 10.0), job("b", 2.0)), results(job("a", 9.0), job("b", null)),
            results(job("a", 11.0), job("b", 2.0))));
    SeedSpread.Job a = s.jobs().get("a");
    assertThat(a.values()).containsExactly(10.0, 9.0, 11.0);
    assertThat(a.min()).isEqualTo(9.0);
    assertThat(a.max()).isEqualTo(11.0);
    assertThat(a.mean()).isEqualTo(10.0);
    assertThat(a.relativeRange()).isEqualTo(0.2);
    assertThat(a.stddev()).isCloseTo(Math.sqrt(2.0 / 3), org.assertj.core.data.Offset.offset(1e-9));
    SeedSpread.Job b = s.jobs().get("b");
    assertThat(b.values()).containsExactly(2.0, null, 2.0);
    assertThat(b.relativeRange()).isEqualTo(0.0);
    assertThat(b.foundOf()).isEqualTo("2/3");
  }

  @Test
  void theGateOnNoiseCountsALossOnlyBeyondTheSpread() {
    StudyResults r = results(job("a", 9.0), job("b", 9.0));
    Baseline base = new Baseline(1, Map.of("a", 10.0, "b", 10.0));
    // a moved 20 % between seeds: a 10 % loss is noise; b moved 5 %: a 10 % loss is a regression
    List<BaselineGate.Comparison> cmp = BaselineGate.compare(r, base, 0.02, Map.of("a", 0.2, "b", 0.05));
    assertThat(cmp).extracting(BaselineGate.Comparison::key, BaselineGate.Comparison::verdict)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b", Verdict.REGRESSED),
            org.assertj.core.groups.Tuple.tuple("a", Verdict.OK));
    assertThat(cmp.get(0).describe(0.02)).endsWith("(-10.00%, tolerance 2.00%, seed spread 5.00%)");
    assertThat(cmp.get(1).describe(0.02)).startsWith("Capacity unchanged within seed spread for a");
    // without the noise, both regress
    assertThat(BaselineGate.compare(r, base, 0.02)).extracting(BaselineGate.Comparison::verdict)
        .containsExactly(Verdict.REGRESSED, Verdict.REGRESSED);
  }

  @Test
  void resultsJsonAndCsvCarryTheSpreadAndReadBack(@TempDir Path dir) throws Exception {
    StudyResults r = results(job("a", 10.0)).withSeedSpread(SeedSpread.of(List.of(42L, 43L),
        List.of(results(job("a", 10.0)), results(job("a", 12.0)))));
    ResultsWriter.write(dir, r);
    StudyResults back = ResultsWriter.read(dir.resolve("results.json"));
    assertThat(back.seedSpread()).isEqualTo(r.seedSpread());
    List<String> csv = java.nio.file.Files.readAllLines(dir.resolve("results.csv"));
    assertThat(csv.get(0)).endsWith(",capacity_min,capacity_max,capacity_stddev,capacity_spread_percent");
    assertThat(csv.get(1)).endsWith(",10,12,1,18.181818");
    // results of one seed keep the columns they had
    ResultsWriter.write(dir, results(job("a", 10.0)));
    assertThat(java.nio.file.Files.readString(dir.resolve("results.json"))).doesNotContain("seedSpread");
    assertThat(java.nio.file.Files.readAllLines(dir.resolve("results.csv")).get(0)).endsWith(",status_reason,replicas,gpus,qps_per_gpu,cost_per_hour,qps_per_dollar_hour,"
        + "prefix_hit_ratio_at_capacity,prefix_hit_ratio_gpu_at_capacity,prefix_hit_ratio_cpu_at_capacity,"
        + "prefix_hit_ratio_pool_at_capacity");
  }
}
