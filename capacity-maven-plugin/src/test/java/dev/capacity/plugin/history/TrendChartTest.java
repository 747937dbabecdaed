package dev.capacity.plugin.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendChartTest {
  private static StudyResults results(String router, double capacity) {
    return new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), List.of(new JobResult(0, "k_" + router,
        router.substring(0, 2) + "000000", "m", "t", "c", router, "fcfs", "v", "slo", 1, 1, 128, "qps", 100,
        capacity, "qps", "CONVERGED", List.of(), null)));
  }

  @Test
  void earlierRunsByFileNameThenThisRunOneLinePerJob(@TempDir Path dir) throws Exception {
    Path history = Files.createDirectories(dir.resolve("history"));
    ResultsWriter.write(Files.createDirectories(dir.resolve("tmp")), results("round_robin", 1.5));
    Files.copy(dir.resolve("tmp/results.json"), history.resolve("2026-12-02.json"));
    ResultsWriter.write(dir.resolve("tmp"), results("round_robin", 1.25));
    Files.copy(dir.resolve("tmp/results.json"), history.resolve("2026-12-01.json"));
    Files.writeString(history.resolve("notes.txt"), "not a run");
    assertThat(TrendChart.read(history)).extracting(TrendChart.Run::label).containsExactly("2026-12-01", "2026-12-02");
    Path svg = TrendChart.write(history, results("round_robin", 1.75), dir.resolve("report"));
    String text = Files.readString(svg);
    assertThat(text).startsWith("<?xml").contains("2026-12-01", "2026-12-02", "this run", "ro000000 round_robin");
    TrendChart.write(history, results("round_robin", 1.75), dir.resolve("report2"));
    assertThat(Files.readString(dir.resolve("report2/trend.svg"))).isEqualTo(text);
  }

  @Test
  void aMissingFolderOrAMalformedFileIsOneLineNamingIt(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> TrendChart.read(dir.resolve("nope")))
        .isInstanceOf(TrendChart.HistoryException.class).hasMessageStartingWith("no folder at " + dir.resolve("nope"));
    Files.writeString(dir.resolve("bad.json"), "{\"jobs\": [");
    assertThatThrownBy(() -> TrendChart.read(dir))
        .hasMessageStartingWith(dir.resolve("bad.json") + " is not a results.json: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
