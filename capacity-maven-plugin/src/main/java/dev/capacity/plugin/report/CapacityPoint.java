package dev.capacity.plugin.report;

import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.run.Json;
import dev.capacity.plugin.run.ProbeResult;
import dev.capacity.plugin.study.MetricAtQuantile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The latency CDFs at a job's capacity point, read from the probe's simulation folder. */
public final class CapacityPoint {
  private CapacityPoint() {}

  /** A quantile table and the SLO bound judged on its metric (null when not judged). */
  public record Cdf(QuantileTable table, Double bound) {}

  /**
   * The key metrics' tables of the passing probe at the job's capacity, or an empty list when the job has
   * no capacity or the probe's simulation outputs are gone.
   */
  public static List<Cdf> cdfs(Path outputDir, JobResult job) throws IOException {
    ProbeSummary p = ResultsWriter.atCapacity(job);
    if (p == null || p.folder() == null) {
      return List.of();
    }
    Path probeJson = outputDir.resolve(p.folder()).resolve("probe.json");
    if (!Files.isRegularFile(probeJson)) {
      return List.of();
    }
    ProbeResult r = Json.MAPPER.readValue(probeJson.toFile(), ProbeResult.class);
    if (r.simulation() == null) {
      return List.of();
    }
    Path plots = outputDir.resolve(r.simulation()).resolve("plots");
    List<Cdf> out = new ArrayList<>();
    for (String metric : QuantileTable.KEY_METRICS) {
      QuantileTable t = QuantileTable.read(plots.resolve(metric + ".csv"));
      if (t != null) {
        out.add(new Cdf(t, bound(p, metric)));
      }
    }
    return out;
  }

  private static Double bound(ProbeSummary p, String metric) {
    if (p.judged() != null) {
      for (MetricAtQuantile m : p.judged()) {
        if (metric.equals(m.metric())) {
          return m.bound();
        }
      }
    }
    return null;
  }
}
