package dev.capacity.plugin.report;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.Numbers;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.reporting.AbstractMavenReportRenderer;

/**
 * The {@code capacity.html} site page, through Doxia sink calls (sections, tables, figures) so the skin
 * styles it: the answer per group (best, runner-up and margin, regressions), then per group a capacity
 * chart (an SVG file under {@code capacity/} of the report output directory) and a table, the baseline
 * comparison, then a table of every search.
 */
public final class SiteReportRenderer extends AbstractMavenReportRenderer {
  public static final String FIGURE_DIR = "capacity";

  private final StudyResults results;
  private final List<BaselineGate.Comparison> comparisons;
  private final double tolerance;
  private final Path reportOutputDirectory;

  /**
   * @param results the results, or null when none exist yet
   * @param comparisons baseline comparisons, or null without a baseline
   * @param reportOutputDirectory where the page goes; figures are written under {@code capacity/} there
   */
  public SiteReportRenderer(Sink sink, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double tolerance, Path reportOutputDirectory) {
    super(sink);
    this.results = results;
    this.comparisons = comparisons;
    this.tolerance = tolerance;
    this.reportOutputDirectory = reportOutputDirectory;
  }

  @Override
  public String getTitle() {
    return "Capacity";
  }

  @Override
  protected void renderBody() {
    startSection("Capacity");
    if (results == null) {
      paragraph("No capacity results yet: run mvn verify first (it runs capacity:search and writes "
          + "target/capacity/results.json), then mvn site again.");
      endSection();
      return;
    }
    paragraph("Study " + results.study() + ", plugin " + results.pluginVersion() + ", fingerprint "
        + results.fingerprint() + ", " + results.jobs().size() + " job(s). The standalone report with search "
        + "paths and latency CDFs is target/capacity/report/index.html.");
    answer();
    groups();
    baseline();
    searches();
    endSection();
  }

  /** Per group the answer first, as in the standalone report. */
  private void answer() {
    startSection("Answer");
    Map<String, BaselineGate.Comparison> byKey = new HashMap<>();
    if (comparisons != null) {
      comparisons.forEach(c -> byKey.put(c.key(), c));
    }
    Object t = results.settings() == null ? null : results.settings().get("target_qps");
    Double target = t instanceof Number n ? n.doubleValue() : null;
    List<JobGroups.Group> groups = JobGroups.of(results.jobs()).groups();
    for (JobGroups.Group group : groups) {
      if (groups.size() > 1) {
        sink.paragraph();
        sink.bold();
        sink.text(group.title());
        sink.bold_();
        sink.paragraph_();
      }
      sink.list();
      for (String line : Answers.of(group, byKey, target)) {
        sink.listItem();
        sink.text(line);
        sink.listItem_();
      }
      sink.list_();
    }
    endSection();
  }

  private void baseline() {
    startSection("Baseline comparison");
    if (comparisons == null) {
      paragraph("No baseline file: record one with mvn capacity:update-baseline and commit it.");
    } else {
      paragraph(String.format(Locale.ROOT, "Tolerance %.2f%%. Regressed jobs come first.", tolerance * 100));
      startTable();
      tableHeader(new String[] {"Verdict", "Job", "Key", "Baseline", "Current", "Change"});
      for (BaselineGate.Comparison c : comparisons) {
        tableRow(new String[] {
          c.verdict().name(), c.hash(), c.key(), num(c.baseline()), num(c.current()),
          c.baseline() != null && c.current() != null ? String.format(Locale.ROOT, "%+.2f%%", c.changePercent()) : ""
        });
      }
      endTable();
    }
    endSection();
  }

  private void groups() {
    startSection("Capacity per router");
    int g = 0;
    for (JobGroups.Group group : JobGroups.of(results.jobs()).groups()) {
      g++;
      startSection(group.title());
      if (group.jobs().stream().anyMatch(j -> j.capacity() != null && j.capacity() > 0)) {
        String name = "capacity-per-router-" + g + ".svg";
        writeFigure(name, Svg.document(Charts.capacityPerRouter("Capacity per router", group.jobs()),
            Math.max(520, Math.min(1100, 160 + 90 * group.jobs().size())), 300, "cap-" + g));
        sink.figure();
        sink.figureGraphics(FIGURE_DIR + "/" + name);
        sink.figureCaption();
        sink.text("Capacity per router: " + group.title());
        sink.figureCaption_();
        sink.figure_();
      }
      startTable();
      List<LatencyColumns.Column> latency = LatencyColumns.of(group);
      List<String> header = new ArrayList<>(List.of("Router", "Capacity", "Unit", "Deployment", "GPUs",
          "QPS per GPU"));
      boolean cached = group.prefixCached();
      if (cached) {
        header.add("Prefix hits");
      }
      header.addAll(List.of("Stop reason", "Probes"));
      latency.forEach(c -> header.add(c.header()));
      header.add("Job");
      tableHeader(header.toArray(String[]::new));
      for (JobResult j : group.jobs()) {
        ProbeSummary at = ResultsWriter.atCapacity(j);
        List<String> row = new ArrayList<>(List.of(
            j.router(), j.error() != null ? "error" : j.status() != null ? j.status() : num(j.capacity()), j.unit(),
            j.deployment(), j.gpus() == null ? "" : j.gpus().toString(),
            j.qpsPerGpu() == null ? "" : Metrics.value(j.qpsPerGpu())));
        if (cached) {
          row.add(JobGroups.Group.prefixHits(j));
        }
        row.addAll(List.of(j.stopReason(), Integer.toString(j.probes().size())));
        latency.forEach(c -> row.add(num(c.value(at))));
        row.add(j.hash());
        tableRow(row.toArray(String[]::new));
      }
      endTable();
      endSection();
    }
    endSection();
  }

  private void searches() {
    startSection("Searches");
    startTable();
    tableHeader(new String[] {"Job", "Router", "Capacity", "Probes in order (point: verdict)", "Error or status"});
    for (JobResult j : results.jobs()) {
      StringBuilder probes = new StringBuilder();
      for (ProbeSummary p : j.probes()) {
        if (probes.length() > 0) {
          probes.append(", ");
        }
        probes.append("replicas".equals(j.unit()) ? p.replicas() + "r" : Numbers.format(p.qps()))
            .append(p.passed() ? " pass" : " fail");
      }
      tableRow(new String[] {j.hash(), j.router(), j.status() != null ? j.status() : num(j.capacity()),
        probes.toString(), j.error() != null ? j.error() : j.statusReason() != null ? j.statusReason() : ""});
    }
    endTable();
    endSection();
  }

  private void writeFigure(String name, String svg) {
    try {
      Path dir = reportOutputDirectory.resolve(FIGURE_DIR);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name), svg, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the figure " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Each table scrolls inside its own box: a wide one (twelve columns at 1400 px) then no longer widens
   * the whole page past the skin's content column.
   */
  @Override
  protected void startTable() {
    sink.rawText("<div style=\"overflow-x:auto\">");
    super.startTable();
  }

  @Override
  protected void endTable() {
    super.endTable();
    sink.rawText("</div>");
  }

  private static String num(Double v) {
    return v == null ? "" : Numbers.format(v);
  }
}
