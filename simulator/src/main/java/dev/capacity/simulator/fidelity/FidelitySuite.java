package dev.capacity.simulator.fidelity;

import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.fidelity.FidelityReplay.Latencies;
import dev.capacity.simulator.fidelity.FidelityReplay.Metric;
import dev.capacity.simulator.fidelity.FidelityReport.RunResult;
import dev.capacity.simulator.fidelity.FidelityReport.Summary;
import dev.capacity.simulator.fidelity.GroundTruth.MeasuredRequest;
import dev.capacity.simulator.fidelity.GroundTruth.MeasuredRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fidelity suite: replays every measured run ({@link FidelityReport}) and writes, into a folder,
 * {@code fidelity-runs.csv} (per run: predicted, measured and relative error of TTFT, TPOT and E2E at
 * p50 / p90 / p99), {@code fidelity-requests.csv} (per request of the exactly replayed runs),
 * {@code fidelity.md} (the summary and per-run tables) and one SVG scatter chart per metric and percentile
 * plus {@code e2e-requests.svg}. Given a markdown page as well, it replaces the page's text between
 * {@code <!-- fidelity:begin -->} and {@code <!-- fidelity:end -->} with the tables.
 *
 * <p>Run: {@code java -cp simulator/target/classes:<deps> dev.capacity.simulator.fidelity.FidelitySuite
 * src/site/resources/fidelity [src/site/markdown/fidelity.md] [router]}.
 */
public final class FidelitySuite {
  static final String BEGIN = "<!-- fidelity:begin -->";
  static final String END = "<!-- fidelity:end -->";

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: FidelitySuite <output folder> [markdown page to update] [router]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    String router = args.length > 2 ? args[2] : FidelityReplay.DEFAULT_ROUTER;
    long start = System.nanoTime();
    FidelityReport report = FidelityReport.run(Simulator.withDefaults(), router);
    Files.createDirectories(out);
    write(out.resolve("fidelity-runs.csv"), runsCsv(report));
    write(out.resolve("fidelity-requests.csv"), requestsCsv(report));
    String tables = markdown(report);
    write(out.resolve("fidelity.md"), tables);
    for (Metric m : Metric.values()) {
      for (int q = 0; q < 2; q++) {
        write(out.resolve(chartName(m, q)), chart(report, m, q));
      }
    }
    write(out.resolve("e2e-requests.svg"), requestChart(report));
    if (args.length > 1 && !args[1].isEmpty()) {
      Path page = Path.of(args[1]);
      String text = Files.readString(page);
      int b = text.indexOf(BEGIN);
      int e = text.indexOf(END);
      if (b < 0 || e < b) {
        throw new IllegalStateException(page + " has no " + BEGIN + " ... " + END + " section");
      }
      write(page, text.substring(0, b + BEGIN.length()) + "\n\n" + tables + "\n" + text.substring(e));
    }
    System.out.print(summaryTable(report));
    System.out.printf(Locale.ROOT, "%d runs replayed in %.1f s; outputs in %s%n",
        report.results().size(), (System.nanoTime() - start) / 1e9, out);
  }

  static String chartName(Metric m, int q) {
    return m.name().toLowerCase(Locale.ROOT) + "-" + pct(FidelityReport.QUANTILES[q]) + ".svg";
  }

  private static String pct(double q) {
    return "p" + Math.round(q * 100);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static String runsCsv(FidelityReport report) {
    StringBuilder sb = new StringBuilder("run_id,tp,dp,qps,requests,overloaded,replay");
    for (Metric m : Metric.values()) {
      for (double q : FidelityReport.QUANTILES) {
        String c = m.name().toLowerCase(Locale.ROOT) + "_" + pct(q);
        sb.append(',').append(c).append("_measured_s,").append(c).append("_predicted_s,").append(c).append("_error");
      }
    }
    sb.append(",e2e_request_correlation\n");
    for (RunResult r : report.results()) {
      MeasuredRun run = r.run();
      sb.append(f("%s,%d,%d,%s,%d,\"%s\",%s", run.runId(), run.tp(), run.dp(), num(run.qps()), run.numRequests(),
          run.overloaded(), run.replayable() ? "exact" : "documented"));
      for (Metric m : Metric.values()) {
        for (int q = 0; q < FidelityReport.QUANTILES.length; q++) {
          sb.append(',').append(num(r.measured()[m.ordinal()][q])).append(',')
              .append(num(r.predicted()[m.ordinal()][q])).append(',').append(num(r.error(m, q)));
        }
      }
      sb.append(',').append(num(r.e2eCorrelation())).append('\n');
    }
    return sb.toString();
  }

  static String requestsCsv(FidelityReport report) {
    StringBuilder sb = new StringBuilder("run_id,req_idx_by_arrival,arrival_s,input_tokens,output_tokens,"
        + "ttft_measured_s,ttft_predicted_s,tpot_measured_s,tpot_predicted_s,e2e_measured_s,e2e_predicted_s\n");
    for (RunResult r : report.results()) {
      if (!r.run().replayable()) {
        continue;
      }
      Latencies p = r.replay().predicted();
      Latencies m = FidelityReplay.measured(r.run());
      for (int i = 0; i < r.run().requests().size(); i++) {
        MeasuredRequest q = r.run().requests().get(i);
        sb.append(f("%s,%d,%s,%d,%d,%s,%s,%s,%s,%s,%s%n", r.run().runId(), q.index(), num(q.arrival()),
            q.inputTokens(), q.outputTokens(), num(m.ttft()[i]), num(p.ttft()[i]), num(m.tpot()[i]),
            num(p.tpot()[i]), num(m.e2e()[i]), num(p.e2e()[i])));
      }
    }
    return sb.toString();
  }

  static String summaryTable(FidelityReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("| runs | metric | n | median abs. error | max abs. error | under-predicted |\n");
    sb.append("|---|---|---:|---:|---:|---:|\n");
    for (Summary s : report.summaries()) {
      if (s.runs() == 0) {
        continue;
      }
      sb.append(f("| %s | %s %s | %d | %s | %s | %d of %d |%n", s.group(), s.metric(), pct(s.quantile()),
          s.runs(), percent(s.medianAbsError()), percent(s.maxAbsError()), s.underPredicted(), s.runs()));
    }
    return sb.toString();
  }

  static String markdown(FidelityReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(f("Generated by `FidelitySuite` (router `%s`). Error = (predicted - measured) / measured: "
        + "negative is too fast.%n%n", report.router()));
    sb.append("### Summary\n\n").append(summaryTable(report));
    sb.append(f("%nPer-request correlation of E2E (predicted vs measured) over the 1,460 requests of the exactly"
        + " replayed runs pooled: %.3f; median over those runs of the correlation within a run: %.2f (within a"
        + " run at low load the requests differ mostly by output length and run-to-run noise).%n%n",
        report.pooledE2eCorrelation(), report.medianE2eCorrelation()));
    sb.append("### Charts\n\n");
    for (Metric m : Metric.values()) {
      for (int q = 0; q < 2; q++) {
        sb.append(f("![%s %s](fidelity/%s) ", m, pct(FidelityReport.QUANTILES[q]), chartName(m, q)));
      }
      sb.append("\n\n");
    }
    sb.append("![E2E per request](fidelity/e2e-requests.svg)\n\n");
    sb.append("### Per run\n\n");
    sb.append("Measured / predicted in seconds (TPOT in ms), error in %. `exact`: replayed with the measured "
        + "arrivals and sizes; `documented`: the documented workload.\n\n");
    sb.append("| run | shape | QPS | req. | overloaded | replay | TTFT p50 | TTFT p90 | TPOT p50 | E2E p50 "
        + "| E2E p90 | E2E p99 | E2E corr. |\n");
    sb.append("|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RunResult r : report.results()) {
      MeasuredRun run = r.run();
      sb.append(f("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          run.runId().replace("run_", ""), run.shape(), java.math.BigDecimal.valueOf(run.qps())
              .stripTrailingZeros().toPlainString(), run.numRequests(),
          run.overloaded().replace(" (by TTFT heuristic)", ""), run.replayable() ? "exact" : "documented",
          cell(r, Metric.TTFT, 0, 1), cell(r, Metric.TTFT, 1, 1), cell(r, Metric.TPOT, 0, 1000),
          cell(r, Metric.E2E, 0, 1), cell(r, Metric.E2E, 1, 1), cell(r, Metric.E2E, 2, 1),
          Double.isNaN(r.e2eCorrelation()) ? "" : f("%.2f", r.e2eCorrelation())));
    }
    return sb.toString();
  }

  private static String cell(RunResult r, Metric m, int q, double scale) {
    double meas = r.measured()[m.ordinal()][q];
    if (Double.isNaN(meas)) {
      return "—";
    }
    return f("%s / %s (%+.0f)", sig(meas * scale), sig(r.predicted()[m.ordinal()][q] * scale),
        100 * r.error(m, q));
  }

  private static String chart(FidelityReport report, Metric m, int q) {
    List<Double> ex = new ArrayList<>();
    List<Double> ey = new ArrayList<>();
    List<Double> dx = new ArrayList<>();
    List<Double> dy = new ArrayList<>();
    for (RunResult r : report.results()) {
      double meas = r.measured()[m.ordinal()][q];
      if (Double.isNaN(meas)) {
        continue;
      }
      (r.run().replayable() ? ex : dx).add(meas);
      (r.run().replayable() ? ey : dy).add(r.predicted()[m.ordinal()][q]);
    }
    List<ScatterSvg.Series> series = new ArrayList<>();
    series.add(new ScatterSvg.Series("exact replay", "#1f77b4", true, arr(ex), arr(ey)));
    if (!dx.isEmpty()) {
      series.add(new ScatterSvg.Series("documented workload", "#d62728", false, arr(dx), arr(dy)));
    }
    return ScatterSvg.render(m + " " + pct(FidelityReport.QUANTILES[q]) + " per run, predicted vs measured",
        m + " (s)", series);
  }

  private static String requestChart(FidelityReport report) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (RunResult r : report.results()) {
      if (r.run().replayable()) {
        Latencies m = FidelityReplay.measured(r.run());
        for (int i = 0; i < m.e2e().length; i++) {
          x.add(m.e2e()[i]);
          y.add(r.replay().predicted().e2e()[i]);
        }
      }
    }
    return ScatterSvg.render("E2E per request (40 exact replays)", "E2E (s)",
        List.of(new ScatterSvg.Series("request", "#1f77b4", true, arr(x), arr(y))));
  }

  private static double[] arr(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String percent(double v) {
    return f("%.1f %%", 100 * v);
  }

  private static String sig(double v) {
    return v >= 10 ? f("%.1f", v) : v >= 1 ? f("%.2f", v) : f("%.3f", v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : f("%.6g", v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private FidelitySuite() {}
}
