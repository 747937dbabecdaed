package dev.capacity.plugin.report;

import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.Numbers;
import dev.capacity.plugin.results.ProbeSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, built with JFreeChart and rendered to SVG by {@link Svg}. */
public final class Charts {
  static final Color PASS = new Color(0x2e7d32);
  static final Color FAIL = new Color(0xc62828);
  static final Color BAR = new Color(0x1565c0);
  static final Color GRID = new Color(0xdddddd);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private Charts() {}

  /**
   * Series colours, in order of first appearance (deployments); ten, so that a study comparing 8 layouts
   * (colocated and three P:D splits, each with and without a KV tier) never repeats a colour.
   */
  private static final Color[] SERIES = {
    BAR, new Color(0xef6c00), new Color(0x6a1b9a), new Color(0x00838f), new Color(0x9e9d24), new Color(0x5d4037),
    new Color(0xad1457), new Color(0x455a64), new Color(0xf9a825), new Color(0x283593)
  };

  /**
   * Capacity of each router of one group, one bar per deployment ("2 x TP1", "1 x TP2") side by side
   * with a legend when there are several. No bar for a job without a capacity (not a bar at 0); the axis
   * starts at 0, so it never reads 0, 0, ..., -0.
   */
  public static JFreeChart capacityPerRouter(String title, List<JobResult> jobs) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    String unit = jobs.isEmpty() ? "qps" : jobs.get(0).unit();
    java.util.Map<JobResult, String> series = JobGroups.seriesLabels(jobs);
    double max = 0;
    for (JobResult j : jobs) {
      data.addValue(j.capacity(), series.get(j), j.router());
      if (j.capacity() != null) {
        max = Math.max(max, j.capacity());
      }
    }
    int seriesCount = data.getRowCount();
    String axis = "replicas".equals(unit) ? "min replicas (lower is better)" : "max QPS (higher is better)";
    JFreeChart chart = ChartFactory.createBarChart(title, "router", axis, data, PlotOrientation.VERTICAL,
        seriesCount > 1, false, false);
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    for (int i = 0; i < seriesCount; i++) {
      r.setSeriesPaint(i, SERIES[i % SERIES.length]);
    }
    r.setMaximumBarWidth(seriesCount > 1 ? 0.08 : 0.12);
    r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", numberFormat()));
    r.setDefaultItemLabelsVisible(true);
    r.setItemMargin(seriesCount > 1 ? 0.05 : 0);
    CategoryAxis x = plot.getDomainAxis();
    x.setMaximumCategoryLabelLines(2);
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setRange(0, max > 0 ? max * 1.15 : 1);
    return chart;
  }

  /** The probes of a job's search in order: probe point per iteration, passes green, fails red. */
  public static JFreeChart searchPath(JobResult job) {
    boolean replicas = "replicas".equals(job.unit());
    XYSeries path = new XYSeries("search path", false, true);
    XYSeries pass = new XYSeries("pass", false, true);
    XYSeries fail = new XYSeries("fail", false, true);
    int i = 1;
    for (ProbeSummary p : job.probes()) {
      double y = replicas ? p.replicas() : p.qps();
      path.add(i, y);
      (p.passed() ? pass : fail).add(i, y);
      i++;
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(path);
    data.addSeries(pass);
    data.addSeries(fail);
    JFreeChart chart = ChartFactory.createXYLineChart("Search path", "iteration",
        replicas ? "replicas probed" : "QPS probed", data, PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
    r.setSeriesLinesVisible(0, true);
    r.setSeriesShapesVisible(0, false);
    r.setSeriesPaint(0, Color.GRAY);
    r.setSeriesStroke(0, new BasicStroke(1.2f));
    r.setSeriesVisibleInLegend(0, false);
    r.setSeriesLinesVisible(1, false);
    r.setSeriesShapesVisible(1, true);
    r.setSeriesPaint(1, PASS);
    r.setSeriesShape(1, new Ellipse2D.Double(-5, -5, 10, 10));
    r.setSeriesLinesVisible(2, false);
    r.setSeriesShapesVisible(2, true);
    r.setSeriesPaint(2, FAIL);
    r.setSeriesShape(2, new Rectangle2D.Double(-5, -5, 10, 10));
    plot.setRenderer(r);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    if (job.capacity() != null) {
      ValueMarker m = new ValueMarker(job.capacity(), PASS, new BasicStroke(1f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
      m.setLabel("capacity " + Numbers.format(job.capacity()));
      m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
      plot.addRangeMarker(m);
    }
    return chart;
  }

  /**
   * The CDF of one latency metric from its quantile table, with the SLO bound as a vertical line when the
   * metric is judged.
   */
  public static JFreeChart cdf(QuantileTable table, Double bound) {
    XYSeries s = new XYSeries(table.metric(), false, true);
    for (int i = 0; i < table.values().length; i++) {
      s.add(table.values()[i], table.cdf()[i]);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(QuantileTable.label(table.metric()) + " CDF",
        QuantileTable.label(table.metric()), "fraction of requests", new XYSeriesCollection(s),
        PlotOrientation.VERTICAL, false, false, false);
    style(chart);
    XYPlot plot = chart.getXYPlot();
    plot.getRenderer().setSeriesPaint(0, BAR);
    plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setRange(0, 1.02);
    if (bound != null && Double.isFinite(bound)) {
      ValueMarker m = new ValueMarker(bound, FAIL, new BasicStroke(1f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
      m.setLabel("SLO " + Numbers.format(bound));
      m.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
      m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
      m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
      plot.addDomainMarker(m);
      NumberAxis x = (NumberAxis) plot.getDomainAxis();
      double max = table.values().length == 0 ? bound : table.values()[table.values().length - 1];
      if (bound > max) {
        x.setUpperBound(bound * 1.05);
      }
    }
    return chart;
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    TextTitle t = chart.getTitle();
    if (t != null) {
      t.setFont(TITLE);
    }
    if (chart.getPlot() instanceof XYPlot p) {
      // locale-independent tick labels, so the SVG does not depend on the build machine's locale
      ((NumberAxis) p.getDomainAxis()).setNumberFormatOverride(numberFormat());
      ((NumberAxis) p.getRangeAxis()).setNumberFormatOverride(numberFormat());
      p.setBackgroundPaint(Color.WHITE);
      p.setDomainGridlinePaint(GRID);
      p.setRangeGridlinePaint(GRID);
      p.setOutlineVisible(false);
    } else if (chart.getPlot() instanceof CategoryPlot p) {
      ((NumberAxis) p.getRangeAxis()).setNumberFormatOverride(numberFormat());
      p.setBackgroundPaint(Color.WHITE);
      p.setRangeGridlinePaint(GRID);
      p.setOutlineVisible(false);
    }
  }

  private static DecimalFormat numberFormat() {
    return new DecimalFormat("0.#####", DecimalFormatSymbols.getInstance(Locale.ROOT));
  }
}
