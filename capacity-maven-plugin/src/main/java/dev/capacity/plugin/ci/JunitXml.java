package dev.capacity.plugin.ci;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.StudyResults;
import java.util.List;
import java.util.Locale;

/**
 * {@code junit.xml} as CI systems parse it (Jenkins, GitLab, GitHub test-report actions): one
 * {@code <testsuite>}, one {@code <testcase>} per job named "key [hash]"; a {@code <failure>} carrying the
 * gate's own message per regressed job; an {@code <error>} per job whose search failed or found no
 * capacity. A gate failure that belongs to no job (a reference matching none of the jobs, missing values
 * with failOnMissingBaseline) is one more testcase, "capacity gate", so the report cannot show green
 * while the build failed. No timestamps or durations: the same results give the same bytes.
 */
public final class JunitXml {
  static final String GATE_CASE = "capacity gate";

  private JunitXml() {}

  /**
   * @param comparisons the gate's comparisons, or null without a reference
   * @param against what was compared with (a baseline file, another results.json), or null
   * @param gateFailures failures of the gate as a whole, not of one job (each becomes a "capacity gate" failure)
   */
  public static String render(StudyResults results, List<BaselineGate.Comparison> comparisons, double tolerance,
      String against, List<String> gateFailures) {
    List<JobRow> rows = JobRow.of(results.jobs(), comparisons);
    int failures = (int) rows.stream().filter(JobRow::regressed).count() + (gateFailures.isEmpty() ? 0 : 1);
    int errors = (int) rows.stream().filter(r -> !r.regressed() && r.failure() != null).count();
    int tests = rows.size() + (gateFailures.isEmpty() ? 0 : 1);
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"").append(attr("capacity " + results.study())).append("\" tests=\"").append(tests)
        .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
        .append("\" skipped=\"0\">\n");
    x.append("  <properties>\n");
    property(x, "study", results.study());
    property(x, "pluginVersion", results.pluginVersion());
    property(x, "comparedWith", against == null ? "nothing (no baseline)" : against);
    property(x, "tolerance", String.format(Locale.ROOT, "%.4f", tolerance));
    if (results.seedSpread() != null) {
      property(x, "seeds", results.seedSpread().seeds().toString());
    }
    x.append("  </properties>\n");
    for (JobRow r : rows) {
      x.append("  <testcase classname=\"capacity\" name=\"").append(attr(r.job().key() + " [" + r.job().hash() + "]"))
          .append("\">\n");
      if (r.regressed()) {
        String message = r.comparison().describe(tolerance);
        x.append("    <failure type=\"REGRESSED\" message=\"").append(attr(message)).append("\">")
            .append(text(message)).append("</failure>\n");
      } else if (r.failure() != null) {
        String type = r.job().error() != null ? "ERROR" : r.job().status();
        x.append("    <error type=\"").append(attr(type)).append("\" message=\"").append(attr(r.failure()))
            .append("\">").append(text(r.failure())).append("</error>\n");
      }
      x.append("    <system-out>").append(text(systemOut(r, tolerance))).append("</system-out>\n");
      x.append("  </testcase>\n");
    }
    if (!gateFailures.isEmpty()) {
      String all = String.join("\n", gateFailures);
      x.append("  <testcase classname=\"capacity\" name=\"").append(GATE_CASE).append("\">\n");
      x.append("    <failure type=\"GATE\" message=\"").append(attr(gateFailures.get(0).lines().findFirst().orElse("")))
          .append("\">").append(text(all)).append("</failure>\n");
      x.append("  </testcase>\n");
    }
    x.append("</testsuite>\n");
    return x.toString();
  }

  private static String systemOut(JobRow r, double tolerance) {
    if (r.comparison() != null) {
      return r.comparison().describe(tolerance);
    }
    return r.failure() != null ? r.failure() : r.valueText();
  }

  private static void property(StringBuilder x, String name, String value) {
    x.append("    <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
  }

  /** Text content: XML 1.0 allows no control characters but tab, newline and carriage return. */
  static String text(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
            b.append('?'); // not representable in XML 1.0, even escaped
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.toString();
  }

  /** An attribute value: quotes, and newlines kept as character references (parsers normalise raw ones). */
  static String attr(String s) {
    return text(s).replace("\"", "&quot;").replace("'", "&apos;").replace("\n", "&#10;").replace("\r", "&#13;")
        .replace("\t", "&#9;");
  }
}
