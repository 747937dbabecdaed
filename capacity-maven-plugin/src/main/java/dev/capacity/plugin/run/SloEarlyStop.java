package dev.capacity.plugin.run;

import dev.capacity.plugin.study.Slo;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.plugin.study.SloType;
import dev.capacity.simulator.engine.StopCondition;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.RequestMetric;
import java.util.Collection;
import java.util.List;

/**
 * Stops a probe once every SLO config it is stopped on ({@code stopOn}: those of the searches that asked
 * for it) is certain to fail (design §6), so overloaded probes, the slowest ones, end early. Certainty is
 * tracked for every SLO config of the group, so a later search whose SLO config was already certain at
 * the stop can use the probe too. A verdict is certain when the requests already known to violate it leave
 * no way to pass whatever the remaining requests do:
 *
 * <ul>
 *   <li>one SLO (quantile of one metric, linear interpolation over all N requests, unfinished ones
 *       counting as infinite): with k values above the bound the quantile's lower order statistic
 *       {@code floor(q (N - 1))} is above it once {@code k >= N - floor(q (N - 1))};
 *   <li>several SLOs (fraction of passing requests {@code >= q}): certain once
 *       {@code (N - failing) / N < q}.
 * </ul>
 *
 * N is the number of requests the probe generates; a run that ends at the time limit has fewer arrivals,
 * which only lowers the bar, so the verdict stays certain.
 */
final class SloEarlyStop implements StopCondition {
  private final RequestMetric[][] metrics;
  private final double[][] bounds;
  private final boolean[] anyMustFail;
  private final long[] needed;
  private final long[] failing;
  private final boolean[] certain;
  private final boolean[] stopsOn;
  private final List<SloConfig> slos;
  private int remaining;
  /** False when no SLO config is stopped on: the probe runs to the end. */
  private final boolean stops;

  /** @param stopOn names of the SLO configs to stop on; empty: never stop (run to the end) */
  SloEarlyStop(List<SloConfig> slos, int totalRequests, Collection<String> stopOn) {
    this.slos = List.copyOf(slos);
    int n = slos.size();
    metrics = new RequestMetric[n][];
    bounds = new double[n][];
    anyMustFail = new boolean[n];
    needed = new long[n];
    failing = new long[n];
    certain = new boolean[n];
    stopsOn = new boolean[n];
    remaining = 0;
    for (int i = 0; i < n; i++) {
      SloConfig c = slos.get(i);
      if (stopOn.contains(c.name())) {
        stopsOn[i] = true;
        remaining++;
      }
      List<Slo> list = c.slos();
      metrics[i] = new RequestMetric[list.size()];
      bounds[i] = new double[list.size()];
      for (int j = 0; j < list.size(); j++) {
        metrics[i][j] = RequestMetric.byColumn(list.get(j).metric());
        bounds[i][j] = list.get(j).value().value();
      }
      // a row fails an `and` set when any metric fails, an `or` set only when every metric fails
      anyMustFail[i] = !(c.type() == SloType.OR && list.size() > 1);
      double q = c.quantile().value();
      if (list.size() == 1) {
        needed[i] = totalRequests - (long) Math.floor(q * (totalRequests - 1));
      } else {
        // smallest failing count with (N - failing) / N < q
        long f = 0;
        while ((double) (totalRequests - f) / totalRequests >= q) {
          f++;
        }
        needed[i] = f;
      }
    }
    stops = remaining > 0;
  }

  @Override
  public boolean stopAfterCompletion(MetricsStore m, int id) {
    for (int i = 0; i < metrics.length; i++) {
      if (certain[i] || !rowFails(m, id, i)) {
        continue;
      }
      if (++failing[i] >= needed[i]) {
        certain[i] = true;
        if (stopsOn[i]) {
          remaining--;
        }
      }
    }
    return stops && remaining == 0;
  }

  /** Whether SLO config {@code name} is certain to fail by now. */
  boolean certain(String name) {
    for (int i = 0; i < slos.size(); i++) {
      if (slos.get(i).name().equals(name)) {
        return certain[i];
      }
    }
    return false;
  }

  private boolean rowFails(MetricsStore m, int id, int slo) {
    RequestMetric[] ms = metrics[slo];
    double[] bs = bounds[slo];
    boolean any = false;
    boolean all = true;
    for (int j = 0; j < ms.length; j++) {
      boolean fails = !(m.value(ms[j], id) <= bs[j]); // NaN fails, as in judging
      any |= fails;
      all &= fails;
    }
    return anyMustFail[slo] ? any : all;
  }
}
