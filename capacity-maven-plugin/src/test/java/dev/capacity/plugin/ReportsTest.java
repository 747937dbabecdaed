package dev.capacity.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.report.ReportFixtures;
import dev.capacity.plugin.results.StudyResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @TempDir Path out;

  @Test
  void writesIndexHtmlUnderReportAndPlotsOnlyWhenAsked() throws Exception {
    StudyResults r = ReportFixtures.results();
    ReportFixtures.writeSimulations(out, r);
    List<String> warnings = new ArrayList<>();
    Path index = Reports.write(out, r, ReportFixtures.comparisons(r), 0.02, warnings::add);
    assertThat(index).isEqualTo(out.resolve("report/index.html"));
    assertThat(Files.readString(index)).startsWith("<!DOCTYPE html>").contains("REGRESSED").contains("<svg");
    assertThat(Files.list(out.resolve("report"))).hasSize(1); // no stray temp files
    // writePlots follows probe.json to the simulation folders
    assertThat(Reports.writePlots(out, r, warnings::add)).isEqualTo(3 * 3);
    assertThat(warnings).isEmpty();
  }
}
