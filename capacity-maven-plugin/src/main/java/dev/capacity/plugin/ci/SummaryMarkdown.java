package dev.capacity.plugin.ci;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.Numbers;
import dev.capacity.plugin.results.SeedSpread;
import dev.capacity.plugin.results.StudyResults;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.md}: a headline verdict and one table row per job (job, capacity, baseline, change,
 * status, and the seed spread when measured), then the gate's failure messages verbatim. Meant for
 * {@code cat target/capacity/summary.md >> $GITHUB_STEP_SUMMARY} or a pull-request comment.
 */
public final class SummaryMarkdown {
  private SummaryMarkdown() {}

  /** Same parameters as {@link JunitXml#render}. */
  public static String render(StudyResults results, List<BaselineGate.Comparison> comparisons, double tolerance,
      String against, List<String> gateFailures) {
    List<JobRow> rows = JobRow.of(results.jobs(), comparisons);
    long regressed = rows.stream().filter(JobRow::regressed).count();
    long failed = rows.stream().filter(r -> r.failure() != null).count();
    SeedSpread spread = results.seedSpread();
    long errors = rows.stream().filter(r -> r.job().error() != null).count();
    StringBuilder m = new StringBuilder("## Capacity: ");
    if (regressed > 0 || !gateFailures.isEmpty()) {
      m.append(regressed > 0 ? regressed + " job(s) regressed" : "gate failed");
    } else if (errors > 0) {
      m.append(errors).append(" search(es) failed"); // the build fails on them too
    } else if (comparisons == null) {
      m.append(rows.size()).append(" job(s), no baseline to compare with");
    } else {
      m.append("no regression");
    }
    m.append("\n\n");
    m.append(String.format(Locale.ROOT, "Study `%s`, %d job(s)%s; ", cell(results.study()), rows.size(),
        failed > 0 ? ", " + failed + " without a capacity" : ""));
    if (against == null) {
      m.append("no baseline.");
    } else {
      m.append(String.format(Locale.ROOT, "compared with `%s`, tolerance %.2f%%", cell(against), tolerance * 100));
      m.append(comparisons != null && comparisons.stream().anyMatch(c -> c.noise() != null)
          ? " or the job's seed spread when larger." : ".");
    }
    if (spread != null) {
      m.append(" Seeds ").append(spread.seeds().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b)
          .orElse("")).append('.');
    }
    m.append("\n\n| Job | Capacity | Baseline | Change | Status |").append(spread == null ? "" : " Seed spread |")
        .append('\n');
    m.append("|---|---:|---:|---:|---|").append(spread == null ? "" : "---|").append('\n');
    for (JobRow r : rows) {
      m.append("| `").append(r.job().hash()).append("` ").append(cell(r.job().key()))
          .append(" | ").append(cell(r.valueText()))
          .append(" | ").append(r.baselineText())
          .append(" | ").append(r.changeText())
          .append(" | ").append(r.regressed() ? "**REGRESSED**" : r.status())
          .append(" |");
      if (spread != null) {
        m.append(' ').append(cell(spreadText(spread.jobs().get(r.job().key())))).append(" |");
      }
      m.append('\n');
    }
    List<String> messages = new java.util.ArrayList<>();
    rows.stream().filter(JobRow::regressed).forEach(r -> messages.add(r.comparison().describe(tolerance)));
    rows.stream().filter(r -> !r.regressed() && r.failure() != null)
        .forEach(r -> messages.add(r.job().key() + " [" + r.job().hash() + "]: " + r.failure()));
    messages.addAll(gateFailures);
    if (!messages.isEmpty()) {
      m.append("\n```text\n");
      messages.forEach(s -> m.append(s.replace("```", "'''")).append('\n'));
      m.append("```\n");
    }
    return m.toString();
  }

  /** "2.4 to 2.6 (±4.00%), 3/3 seeds" or "none found". */
  public static String spreadText(SeedSpread.Job j) {
    if (j == null || j.min() == null) {
      return j == null ? "" : "none found (" + j.foundOf() + " seeds)";
    }
    return Numbers.format(j.min()) + " to " + Numbers.format(j.max())
        + String.format(Locale.ROOT, " (range %.2f%% of mean, sd %s)", j.relativeRange() * 100,
            Numbers.format(j.stddev()))
        + (j.values().contains(null) ? ", " + j.foundOf() + " seeds found one" : "");
  }

  /** A table cell: no line breaks, pipes escaped (GitHub splits cells on them even in code spans). */
  static String cell(String s) {
    return s.replace("\r", " ").replace("\n", " ").replace("\\", "\\\\").replace("|", "\\|")
        .replace("`", "'").replace("<", "&lt;").replace(">", "&gt;");
  }
}
