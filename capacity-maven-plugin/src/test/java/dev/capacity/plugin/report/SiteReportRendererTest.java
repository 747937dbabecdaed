package dev.capacity.plugin.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.results.StudyResults;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.doxia.sink.impl.Xhtml5BaseSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteReportRendererTest {
  @TempDir Path site;

  private String render(StudyResults r, boolean baseline) {
    StringWriter w = new StringWriter();
    Xhtml5BaseSink sink = new Xhtml5BaseSink(w);
    new SiteReportRenderer(sink, r, r != null && baseline ? Fixtures.comparisons(r) : null, 0.02, site).render();
    sink.flush();
    return w.toString();
  }

  @Test
  void withoutResultsSaysToRunVerifyFirst() {
    String page = render(null, false);
    assertThat(page).contains("No capacity results yet: run mvn verify first").doesNotContain("<table");
    assertThat(site.resolve(SiteReportRenderer.FIGURE_DIR)).doesNotExist();
  }

  @Test
  void rendersTheStudysNumbersAndAChartPerGroup() throws Exception {
    StudyResults r = Fixtures.results();
    String page = render(r, true);
    assertThat(page).contains("<h1").contains("Capacity per router").contains("Baseline comparison")
        .contains("<td>round_robin</td>").contains("<td>lor</td>")
        .contains("<td>1.5</td>").contains("<td>2.25</td>").contains("<td>0.75</td>")
        .contains("<td>REGRESSED</td>").contains("<td>-25.00%</td>")
        .contains("src=\"capacity/capacity-per-router-1.svg\"").contains("src=\"capacity/capacity-per-router-2.svg\"");
    assertThat(page.indexOf("<td>REGRESSED</td>")).isLessThan(page.indexOf("<td>OK</td>"));
    Path fig = site.resolve("capacity/capacity-per-router-1.svg");
    assertThat(fig).exists();
    assertThat(Files.readString(fig)).startsWith("<?xml").contains("<svg").contains("round_robin").contains("lor");
  }

  @Test
  void prefixHitsColumnOnlyInGroupsWithPrefixCaching() {
    String page = render(Fixtures.resultsWithPrefixHits(), false);
    assertThat(page).contains("<td>13.2 % (GPU 7.9 + CPU 5.3)</td>").contains("<td>7.7 %</td>");
    assertThat(page.split("Prefix hits", -1)).hasSize(2); // one header: the slo_a group's
    String sloB = page.substring(page.lastIndexOf("SLO slo_b")); // its section in "Capacity per router"
    assertThat(sloB.substring(0, sloB.indexOf("</table>"))).doesNotContain("Prefix hits");
    assertThat(render(Fixtures.results(), false)).doesNotContain("Prefix hits");
  }

  @Test
  void everyTableScrollsInItsOwnBoxNotThePage() {
    String page = render(Fixtures.results(), true);
    int tables = page.split("<table", -1).length - 1;
    assertThat(tables).isPositive();
    java.util.regex.Matcher wrapped =
        java.util.regex.Pattern.compile("<div style=\"overflow-x:auto\">\\s*<table.*?</table>\\s*</div>", java.util.regex.Pattern.DOTALL)
            .matcher(page);
    int n = 0;
    while (wrapped.find()) {
      n++;
    }
    assertThat(n).as(page).isEqualTo(tables);
  }

  @Test
  void withoutBaselineSaysHowToRecordOne() {
    assertThat(render(Fixtures.results(), false)).contains("No baseline file").doesNotContain("REGRESSED");
  }
}
