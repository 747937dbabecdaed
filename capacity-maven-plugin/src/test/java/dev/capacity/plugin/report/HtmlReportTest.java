package dev.capacity.plugin.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.results.StudyResults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir Path out;

  private String render(StudyResults r, boolean withBaseline) throws Exception {
    Fixtures.writeSimulations(out, r);
    List<String> warnings = new ArrayList<>();
    String html = new HtmlReport(r, withBaseline ? Fixtures.comparisons(r) : null, 0.02, out, warnings::add).render();
    assertThat(warnings).isEmpty();
    return html;
  }

  @Test
  void capacityTableHasOneRowPerJobWithTheResultsCapacity() throws Exception {
    StudyResults r = Fixtures.results();
    String html = render(r, true);
    for (var j : r.jobs()) {
      Matcher m = Pattern.compile("<tr data-job=\"" + j.hash() + "\"><td>([^<]*)</td><td class=\"num capacity\">([^<]*)</td>")
          .matcher(html);
      assertThat(m.find()).as("row of %s", j.hash()).isTrue();
      assertThat(m.group(1)).isEqualTo(j.router());
      assertThat(Double.parseDouble(m.group(2))).isEqualTo(j.capacity());
      assertThat(m.find()).as("only one row of %s", j.hash()).isFalse();
    }
  }

  @Test
  void prefixHitsByTierAtCapacityOnlyInGroupsWithPrefixCaching() throws Exception {
    String html = render(Fixtures.resultsWithPrefixHits(), false);
    String[] groups = html.split("<section class=\"group\">");
    assertThat(groups).hasSize(3);
    assertThat(groups[1]).contains(">Prefix hits</th>");
    // the total, and under it the tiers, each on one line
    assertThat(row(groups[1], "aaaa0000")).contains("<td class=\"num hits\"><span class=\"nw\">13.2 %</span>"
        + "<br><span class=\"nw tiers\">(GPU 7.9 + CPU 5.3)</span></td>");
    assertThat(row(groups[1], "bbbb1111")).contains("<td class=\"num hits\"><span class=\"nw\">7.7 %</span></td>");
    // the column sits before the stop reason in header and rows alike
    assertThat(groups[1].indexOf(">Prefix hits</th>")).isLessThan(groups[1].indexOf("<th>Stop reason</th>"));
    assertThat(row(groups[1], "bbbb1111")).contains("7.7 %</span></td><td>MAX_ITERATIONS</td>");
    // prefix caching off: no column at all
    assertThat(groups[2].substring(0, groups[2].indexOf("</section>"))).doesNotContain("Prefix hits")
        .doesNotContain("num hits");
    // not in the probes tables: a column more would widen them past a 1400 px window (results.json has them)
    assertThat(html.substring(html.indexOf("<h2 id=\"searches\">"))).doesNotContain("Prefix hits");
    // results without hits render as before
    assertThat(render(Fixtures.results(), false)).doesNotContain("Prefix hits");
  }

  private static String row(String html, String hash) {
    String from = html.substring(html.indexOf("<tr data-job=\"" + hash + "\">"));
    return from.substring(0, from.indexOf("</tr>"));
  }

  @Test
  void routersOfTheSameConfigurationShareAGroup() throws Exception {
    String html = render(Fixtures.results(), true);
    String[] groups = html.split("<section class=\"group\">");
    assertThat(groups).hasSize(3); // prefix + two groups (slo_a, slo_b)
    assertThat(groups[1]).contains("SLO slo_a").contains("data-job=\"aaaa0000\"").contains("data-job=\"bbbb1111\"")
        .doesNotContain("data-job=\"cccc2222\"");
    assertThat(groups[2]).contains("SLO slo_b").contains("data-job=\"cccc2222\"");
    assertThat(groups[1]).contains("id=\"cap-1\"");
  }

  @Test
  void regressedJobIsListedFirstInTheBaselineComparison() throws Exception {
    String html = render(Fixtures.results(), true);
    String baseline = html.substring(html.indexOf("<table class=\"baseline\">"), html.indexOf("</table>",
        html.indexOf("<table class=\"baseline\">")));
    List<String> rows = new ArrayList<>(List.of(baseline.split("<tr class=\"")));
    rows.remove(0); // the table's head, before the first body row
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).startsWith("REGRESSED").contains(Fixtures.KEY_LOR).contains(">3<").contains(">2.25<")
        .contains("-25.00%");
    assertThat(rows.get(1)).startsWith("OK");
    assertThat(html).contains("0 improved").contains("1 regressed");
  }

  @Test
  void showsTheTrendOnlyWhenThisRunDrewIt() throws Exception {
    var r = Fixtures.results();
    String with = new HtmlReport(r, null, 0.02, out, w -> {}).withTrend(true).render();
    assertThat(with).contains("<a href=\"#trend\">Trend</a>").contains("<img src=\"trend.svg\"");
    String without = new HtmlReport(r, null, 0.02, out, w -> {}).render();
    assertThat(without).doesNotContain("trend.svg").doesNotContain("#trend");
  }

  @Test
  void withoutBaselineSaysSo() throws Exception {
    String html = render(Fixtures.results(), false);
    assertThat(html).contains("No baseline file").doesNotContain("<table class=\"baseline\">");
  }

  @Test
  void everySearchHasItsPathItsProbesAndItsLatencyCdfs() throws Exception {
    StudyResults r = Fixtures.results();
    String html = render(r, true);
    assertThat(count(html, "<svg ")).isEqualTo(2 + 3 * (1 + 3)); // 2 groups + per job: path + 3 CDFs
    assertThat(html).contains("id=\"path-bbbb1111\"").contains("id=\"cdf-bbbb1111-prefill_e2e_time\"")
        .contains("id=\"cdf-bbbb1111-request_e2e_time\"")
        .contains("id=\"cdf-bbbb1111-decode_time_execution_plus_preemption_normalized\"");
    String lor = html.substring(html.indexOf("<details id=\"job-bbbb1111\""));
    lor = lor.substring(0, lor.indexOf("</details>"));
    assertThat(count(lor, "<td class=\"fail\">fail</td>")).isEqualTo(2);
    assertThat(count(lor, "<td class=\"pass\">pass</td>")).isEqualTo(1);
    assertThat(lor).contains("prefill_e2e_time 8.5 / 10").contains("<td class=\"num\">4.5</td>");
  }

  @Test
  void isSelfContainedAndDeterministic() throws Exception {
    StudyResults r = Fixtures.results();
    String a = render(r, true);
    String b = new HtmlReport(r, Fixtures.comparisons(r), 0.02, out, w -> {}).render();
    assertThat(a).isEqualTo(b);
    assertThat(a).doesNotContain("<script").doesNotContain("http://cdn").doesNotContain("https://")
        .doesNotContainPattern("<link[^>]+stylesheet");
    // ids stay unique across the inlined charts
    Matcher m = Pattern.compile("id=\"([^\"]+)\"").matcher(a);
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
  }

  @Test
  void escapesTextFromTheResults() throws Exception {
    StudyResults r = Fixtures.results();
    StudyResults evil = new StudyResults(1, "v", "<script>alert(1)</script>.yaml", "f", r.settings(), r.jobs());
    assertThat(render(evil, false)).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;.yaml");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
