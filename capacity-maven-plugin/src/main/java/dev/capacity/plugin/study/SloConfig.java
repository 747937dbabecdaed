package dev.capacity.plugin.study;

import dev.capacity.simulator.metrics.SimulationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code slo_configs[]} item and its judgement of a finished simulation.
 *
 * <p>Deliberate difference from the reference (design §3): requests unfinished at the time limit
 * count as violations (+inf for quantiles, failing per request), where the reference judged only the
 * survivors. The quantile is computed directly over requests rather than re-interpolated from the
 * 101-row plots table; for quantiles that are multiples of 0.01 the two agree up to rounding.
 */
public record SloConfig(String name, SloType type, YamlNumber quantile, List<Slo> slos,
    Location at) {

  public SloConfig {
    slos = List.copyOf(slos);
  }

  public String key() {
    return name;
  }

  /**
   * Everything that decides this config's verdicts, by value: type, quantile and every metric with its
   * bound ({@code 10} and {@code 10.0} are the same bound). A stored verdict counts only for an identical
   * definition, never by name alone: an edited bound or quantile under the same name is judged anew.
   */
  public String definition() {
    StringBuilder sb = new StringBuilder();
    sb.append(slos.size() > 1 ? type.name().toLowerCase(java.util.Locale.ROOT) : "single")
        .append(" q=").append(Double.toString(quantile.value()));
    for (Slo slo : slos) {
      sb.append(' ').append(slo.metric()).append("<=").append(Double.toString(slo.value().value()));
    }
    return sb.toString();
  }

  /**
   * One SLO: pass iff its metric's quantile (unfinished = +inf) is within the bound. Several: per
   * request {@code and} needs every metric within its bound, {@code or} any; pass iff the passing
   * share reaches the quantile.
   */
  public SloVerdict judge(SimulationResult result) {
    double q = quantile.value();
    int unfinished = result.numUnfinished();
    List<MetricAtQuantile> judged = new ArrayList<>();
    List<double[]> columns = new ArrayList<>();
    for (Slo slo : slos) {
      double[] values = result.completedMetric(slo.metric());
      columns.add(values);
      judged.add(new MetricAtQuantile(slo.metric(), slo.value().value(),
          Quantiles.linear(values, unfinished, q)));
    }
    int completed = columns.get(0).length;
    int total = completed + unfinished;
    int passing = 0;
    for (int r = 0; r < completed; r++) {
      if (requestPasses(columns, r)) {
        passing++;
      }
    }
    double fraction = total == 0 ? Double.NaN : (double) passing / total;
    boolean passes;
    if (slos.size() == 1) {
      passes = judged.get(0).valueAtQuantile() <= judged.get(0).bound(); // NaN (no requests) fails
    } else {
      passes = fraction >= q;
    }
    return new SloVerdict(name, passes, fraction, judged);
  }

  private boolean requestPasses(List<double[]> columns, int r) {
    boolean any = false;
    boolean all = true;
    for (int i = 0; i < slos.size(); i++) {
      boolean ok = columns.get(i)[r] <= slos.get(i).value().value(); // NaN fails, as in pandas
      any |= ok;
      all &= ok;
    }
    return type == SloType.OR && slos.size() > 1 ? any : all;
  }
}
