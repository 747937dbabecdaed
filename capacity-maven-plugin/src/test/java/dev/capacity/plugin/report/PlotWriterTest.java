package dev.capacity.plugin.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotWriterTest {
  @TempDir Path out;

  @Test
  void drawsOneSvgPerQuantileTable() throws Exception {
    var r = Fixtures.results();
    Fixtures.writeSimulations(out, r);
    Path plots = out.resolve(Fixtures.folder("aaaa0000", 1.5)).resolve("simulation/plots");
    Files.writeString(plots.resolve("not_a_table.csv"), "a,b,c\n1,2,3\n");
    assertThat(PlotWriter.write(plots)).isEqualTo(3);
    Path svg = plots.resolve("request_e2e_time.svg");
    String first = Files.readString(svg);
    assertThat(first).startsWith("<?xml").contains("id=\"request_e2e_time\"").contains("End-to-end latency");
    assertThat(plots.resolve("not_a_table.svg")).doesNotExist();
    PlotWriter.write(plots);
    assertThat(Files.readString(svg)).isEqualTo(first);
  }

  @Test
  void missingFolderDrawsNothing() throws Exception {
    assertThat(PlotWriter.write(out.resolve("nope"))).isZero();
  }
}
