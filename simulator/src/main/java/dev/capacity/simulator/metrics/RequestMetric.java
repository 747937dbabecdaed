package dev.capacity.simulator.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The per-request metrics of {@code request_metrics.csv}, in the reference's column order (§8.2), between
 * the leading {@code Request Id} and the trailing {@code request_arrived_at, replica} columns.
 */
public enum RequestMetric {
  REQUEST_E2E_TIME(true),
  REQUEST_E2E_TIME_NORMALIZED(true),
  REQUEST_EXECUTION_TIME(true),
  REQUEST_EXECUTION_TIME_NORMALIZED(true),
  REQUEST_MODEL_EXECUTION_TIME(true),
  REQUEST_MODEL_EXECUTION_TIME_NORMALIZED(true),
  REQUEST_PREEMPTION_TIME(true),
  REQUEST_SCHEDULING_DELAY(true),
  REQUEST_EXECUTION_PLUS_PREEMPTION_TIME(true),
  REQUEST_EXECUTION_PLUS_PREEMPTION_TIME_NORMALIZED(true),
  PREFILL_E2E_TIME(true),
  PREFILL_E2E_TIME_NORMALIZED(true),
  PREFILL_TIME_EXECUTION_PLUS_PREEMPTION(true),
  PREFILL_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED(true),
  DECODE_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED(true),
  REQUEST_INTER_ARRIVAL_DELAY(true),
  REQUEST_NUM_TOKENS(false),
  REQUEST_NUM_PREFILL_TOKENS(false),
  REQUEST_NUM_PREFILL_TOKENS_CACHED(false),
  REQUEST_NUM_DECODE_TOKENS(false),
  REQUEST_PD_RATIO(true),
  REQUEST_NUM_RESTARTS(false);

  private final boolean fractional;
  private final String column;

  RequestMetric(boolean fractional) {
    this.fractional = fractional;
    this.column = name().toLowerCase(Locale.ROOT);
  }

  /** The CSV column name, e.g. {@code prefill_e2e_time}. */
  public String column() {
    return column;
  }

  /** Printed with 6 decimals; the others are whole counts. */
  public boolean fractional() {
    return fractional;
  }

  /** The time metrics that get a {@code plots/<metric>.csv} quantile table and can be SLO-judged. */
  public boolean isTime() {
    return ordinal() <= REQUEST_INTER_ARRIVAL_DELAY.ordinal();
  }

  private static final List<RequestMetric> ALL = List.of(values());

  public static RequestMetric byColumn(String column) {
    for (RequestMetric m : ALL) {
      if (m.column.equals(column)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '" + column + "'; allowed: "
            + String.join(", ", ALL.stream().filter(RequestMetric::isTime).map(RequestMetric::column).toList()));
  }

  /** Names of the time metrics, for validation messages. */
  public static List<String> timeMetricNames() {
    return Arrays.stream(values()).filter(RequestMetric::isTime).map(RequestMetric::column).toList();
  }
}
