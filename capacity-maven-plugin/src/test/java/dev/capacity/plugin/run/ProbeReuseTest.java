package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun reuses a finished probe only when everything that determines it is unchanged (issue 15,
 * reproductions 1 and 2): an SLO edited under the same name is judged anew, and a trace edited without
 * changing its size is simulated anew. Each compares the rerun with a fresh run of the edited study.
 */
class ProbeReuseTest {
  /**
   * {@link StudyRunnerTest#STUDY} with one SLO config, whose value and quantile are {@code @SLO@} and
   * {@code @Q@}, and the trace file {@code @TRACE@}.
   */
  private static final String STUDY = StudyRunnerTest.STUDY
      .replaceFirst("(?s)  - name: e2e_p50_20s.*?value: 20\n", "")
      .replace("quantile: 0.9\n", "quantile: @Q@\n")
      .replace("value: 2\n", "value: @SLO@\n")
      .replace("bundled:mooncake/synthetic_trace.jsonl", "@TRACE@")
      .replace("num_requests: 300", "num_requests: 200");

  private static final String BUNDLED = "bundled:mooncake/synthetic_trace.jsonl";

  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  private static String study(String sloValue, String quantile, String trace) {
    assertThat(STUDY).contains("@SLO@", "@Q@", "@TRACE@").doesNotContain("e2e_p50_20s");
    return STUDY.replace("@SLO@", sloValue).replace("@Q@", quantile).replace("@TRACE@", trace);
  }

  private StudyResults run(Path out, String yamlText) throws Exception {
    Path yaml = dir.resolve("capacity.yaml");
    Files.writeString(yaml, yamlText);
    Study study = StudyReader.read(yaml);
    log.clear();
    StudyResults results =
        new StudyRunner(study, JobGrid.expand(study), Simulator.withDefaults(),
                new StudyRunner.Options(out, 2, true, "test"), RunListener.collecting(log))
            .run();
    ResultsWriter.write(out, results);
    return results;
  }

  private int simulated() {
    for (int i = log.size() - 1; i >= 0; i--) {
      Matcher m = Pattern.compile("(\\d+) probes simulated").matcher(log.get(i));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no summary line in " + log);
  }

  private static Double capacity(StudyResults r) {
    JobResult j = r.jobs().get(0);
    return j.capacity();
  }

  @Test
  void anSloBoundEditedUnderTheSameNameIsJudgedAnew() throws Exception {
    Path out = dir.resolve("out");
    StudyResults loose = run(out, study("2", "0.9", BUNDLED));
    StudyResults edited = run(out, study("0.3", "0.9", BUNDLED));
    assertThat(simulated()).as("the edited SLO's probes run again").isPositive();
    assertThat(log).anyMatch(l -> l.matches("capacity: SLO config 'ttft_p90_2s' is not the one its stored verdicts were"
        + " judged under \\(type, quantile, metric or bound changed\\): [1-9][0-9]* probe\\(s\\) simulated"
        + " again to judge it"));
    StudyResults fresh = run(dir.resolve("fresh"), study("0.3", "0.9", BUNDLED));
    assertThat(capacity(edited)).isEqualTo(capacity(fresh)).isNotEqualTo(capacity(loose));
    assertThat(Files.readAllBytes(out.resolve("results.json")))
        .isEqualTo(Files.readAllBytes(dir.resolve("fresh/results.json")));
  }

  @Test
  void anSloQuantileEditedUnderTheSameNameIsJudgedAnew() throws Exception {
    Path out = dir.resolve("out");
    StudyResults p99 = run(out, study("1", "0.99", BUNDLED));
    StudyResults p50 = run(out, study("1", "0.5", BUNDLED));
    StudyResults fresh = run(dir.resolve("fresh"), study("1", "0.5", BUNDLED));
    assertThat(capacity(p50)).isEqualTo(capacity(fresh)).isNotEqualTo(capacity(p99));
  }

  @Test
  void anUnchangedStudyReusesEveryProbe() throws Exception {
    Path out = dir.resolve("out");
    run(out, study("2", "0.9", BUNDLED));
    byte[] first = Files.readAllBytes(out.resolve("results.json"));
    run(out, study("2", "0.9", BUNDLED));
    assertThat(simulated()).isZero();
    assertThat(log).noneMatch(l -> l.contains("simulated again"));
    assertThat(Files.readAllBytes(out.resolve("results.json"))).isEqualTo(first);
  }

  @Test
  void aTraceEditedWithoutChangingItsSizeIsSimulatedAnew() throws Exception {
    Path trace = dir.resolve("trace.csv");
    Files.writeString(trace, traceCsv(100));
    // an old time stamp, so the first run remembers the trace's hash (not a racy one)
    Files.setLastModifiedTime(trace, FileTime.fromMillis(1_700_000_000_000L));
    Path out = dir.resolve("out");
    StudyResults small = run(out, study("2", "0.9", trace.toString()));
    assertThat(out.resolve(TraceDigests.CACHE_FILE)).exists();
    // same byte count, prompts 9x longer; the time stamp moves as any editor's would
    Files.writeString(trace, traceCsv(900));
    Files.setLastModifiedTime(trace, FileTime.fromMillis(1_700_000_100_000L));
    StudyResults large = run(out, study("2", "0.9", trace.toString()));
    assertThat(simulated()).as("the edited trace's probes run again").isPositive();
    // every probe point the first run finished and the second visits again is re-simulated (the search may
    // also visit new points, since the edited trace moves its path)
    java.util.regex.Pattern again = java.util.regex.Pattern.compile(
        "capacity: (\\d+) probe\\(s\\) finished by an earlier run were simulated again: what determines them changed.*");
    assertThat(log).anySatisfy(l -> {
      java.util.regex.Matcher m = again.matcher(l);
      assertThat(m.matches()).isTrue();
      assertThat(Integer.parseInt(m.group(1))).isBetween(1, (int) simulated());
    });
    StudyResults fresh = run(dir.resolve("fresh"), study("2", "0.9", trace.toString()));
    assertThat(capacity(large)).isEqualTo(capacity(fresh)).isNotEqualTo(capacity(small));
    assertThat(large.inputs().traces().values()).doesNotContainAnyElementsOf(small.inputs().traces().values());
  }

  @Test
  void aTraceMovedElsewhereKeepsItsProbes() throws Exception {
    Path trace = dir.resolve("a/trace.csv");
    Files.createDirectories(trace.getParent());
    Files.writeString(trace, traceCsv(100));
    Path out = dir.resolve("out");
    run(out, study("2", "0.9", trace.toString()));
    Path moved = dir.resolve("b/renamed.csv");
    Files.createDirectories(moved.getParent());
    Files.copy(trace, moved);
    run(out, study("2", "0.9", moved.toString()));
    assertThat(simulated()).as("the same bytes under another path are the same trace").isZero();
  }

  /** 300 requests with fixed-width prompt sizes: {@code prompt} tokens (3 digits) each. */
  private static String traceCsv(int prompt) {
    StringBuilder sb = new StringBuilder("arrived_at,num_prefill_tokens,num_decode_tokens\n");
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      sb.append(i).append(".0,").append(prompt).append(',').append(100 + random.nextInt(900)).append('\n');
    }
    return sb.toString();
  }
}
