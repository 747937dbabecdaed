package dev.capacity.plugin.history;

import dev.capacity.plugin.report.Svg;
import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.Json;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * {@code report/trend.svg}: each job's gated capacity over earlier runs (the {@code results.json} files of
 * a history folder, ordered by file name, so name them by date or run number) and this run, last. One
 * line per job key; a run where a job had no value, or did not exist, leaves a gap.
 */
public final class TrendChart {
  public static final String FILE = "trend.svg";
  static final String THIS_RUN = "this run";

  /** The history folder cannot be read: one line naming the folder or file. */
  public static final class HistoryException extends IOException {
    HistoryException(String message) {
      super(message);
    }
  }

  /** One run of the chart: a label on the x axis and its results. */
  public record Run(String label, StudyResults results) {}

  private TrendChart() {}

  /** Draws the chart into {@code reportDir/trend.svg}; returns the file. */
  public static Path write(Path historyDir, StudyResults current, Path reportDir) throws IOException {
    List<Run> runs = new ArrayList<>(read(historyDir));
    runs.add(new Run(THIS_RUN, current));
    Path file = reportDir.resolve(FILE);
    Json.writeAtomically(file, Svg.document(chart(runs), 900, 420, "trend").getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** The folder's {@code *.json} files by name, each read as results. */
  public static List<Run> read(Path dir) throws HistoryException {
    if (!Files.isDirectory(dir)) {
      throw new HistoryException("no folder at " + dir + " (a folder of earlier results.json files)");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted().toList();
    } catch (IOException e) {
      throw new HistoryException("cannot list " + dir + ": " + e.getMessage());
    }
    List<Run> runs = new ArrayList<>();
    for (Path f : files) {
      StudyResults r;
      try {
        r = ResultsWriter.read(f);
      } catch (IOException e) {
        throw new HistoryException(f + " is not a results.json: " + firstLine(e.getMessage()));
      }
      if (r == null || r.jobs() == null) {
        throw new HistoryException(f + " is not a results.json: no \"jobs\"");
      }
      String name = f.getFileName().toString();
      runs.add(new Run(name.substring(0, name.length() - ".json".length()), r));
    }
    return runs;
  }

  static JFreeChart chart(List<Run> runs) {
    // series per job key, labelled by hash and router; current jobs first, in grid order
    Map<String, String> series = new LinkedHashMap<>();
    for (int i = runs.size() - 1; i >= 0; i--) {
      for (JobResult j : runs.get(i).results().jobs()) {
        series.putIfAbsent(j.key(), j.hash() + " " + j.router() + " (" + j.slo() + ")");
      }
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, String> s : series.entrySet()) {
      for (Run run : runs) {
        Double v = null;
        for (JobResult j : run.results().jobs()) {
          if (j.key().equals(s.getKey())) {
            v = BaselineGate.gated(j);
          }
        }
        data.addValue(v, s.getValue(), run.label()); // null: a gap, not a drop to 0
      }
    }
    JFreeChart chart = ChartFactory.createLineChart("Capacity over runs", "run",
        "capacity (max QPS, or min replicas)", data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setOutlineVisible(false);
    ((NumberAxis) plot.getRangeAxis())
        .setNumberFormatOverride(new DecimalFormat("0.#####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    // horizontal labels: rotated ones are drawn as glyph outlines in the SVG, not as searchable text
    plot.getDomainAxis().setMaximumCategoryLabelLines(2);
    LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
    r.setDefaultShapesVisible(true);
    r.setDefaultStroke(new BasicStroke(2f));
    r.setAutoPopulateSeriesStroke(false);
    return chart;
  }

  private static String firstLine(String s) {
    return s == null ? "unreadable" : s.lines().findFirst().orElse(s);
  }
}
