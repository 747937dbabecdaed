package dev.capacity.simulator.metrics;

import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/**
 * Per-request metrics of one simulation (reference §8.1), filled as requests complete, in primitive
 * columns indexed by request id. Unfinished requests (time limit) and rejected ones (could never fit in
 * a replica's KV memory) have no row; they count in {@link #numUnfinished()}.
 */
public final class MetricsStore implements SimulationResult {
  private static final RequestMetric[] METRICS = RequestMetric.values();

  private final double[][] values;
  private final boolean[] completed;
  private final int[] replica;
  private final double[] arrivedAt;
  private int numArrived;
  private int numCompleted;
  private int numRejected;
  private final double apiIn;
  private final double apiOut;
  /** Disaggregated layouts only (else null): per request, KV transfer seconds, seconds waiting for the
   * decode replica's KV blocks, and the prefill replica. */
  private double[] kvTransferTime;
  private double[] decodeAdmissionWait;
  private int[] prefillReplica;

  public MetricsStore(int capacity) {
    this(capacity, 0.0, 0.0);
  }

  /**
   * @param apiServerInputSeconds added to every request's TTFT and E2E (before the engine sees it)
   * @param apiServerOutputSeconds added to every request's E2E (after its last token)
   */
  public MetricsStore(int capacity, double apiServerInputSeconds, double apiServerOutputSeconds) {
    this.apiIn = apiServerInputSeconds;
    this.apiOut = apiServerOutputSeconds;
    values = new double[METRICS.length][capacity];
    completed = new boolean[capacity];
    replica = new int[capacity];
    arrivedAt = new double[capacity];
    Arrays.fill(replica, -1);
  }

  /** Keeps the per-request columns of a disaggregated layout (KV transfer, decode admission wait). */
  public void enableDisaggregated() {
    int n = completed.length;
    kvTransferTime = new double[n];
    decodeAdmissionWait = new double[n];
    prefillReplica = new int[n];
    Arrays.fill(prefillReplica, -1);
  }

  /** True when the run was disaggregated: {@link #kvTransferTime} and the like are kept. */
  public boolean disaggregated() {
    return kvTransferTime != null;
  }

  /** Disaggregated: seconds the request's KV cache took from prefill to decode replica (0 if it never
   * left its prefill replica: a single output token). */
  public double kvTransferTime(int id) {
    return kvTransferTime[id];
  }

  /** Disaggregated: seconds between its first token and the decode replica taking its KV blocks. */
  public double decodeAdmissionWait(int id) {
    return decodeAdmissionWait[id];
  }

  /** Disaggregated: the prefill replica, or -1. */
  public int prefillReplica(int id) {
    return prefillReplica[id];
  }

  public void onArrival(Request r) {
    arrivedAt[r.id()] = r.arrivedAt();
    numArrived++;
  }

  public void onRejected(Request r) {
    numRejected++;
  }

  public void onCompletion(Request r) {
    int id = r.id();
    completed[id] = true;
    replica[id] = r.replica();
    numCompleted++;
    double a = r.arrivedAt();
    double s = r.scheduledAt();
    double f = r.prefillCompletedAt();
    double c = r.completedAt();
    double p = r.prefillTokens();
    double d = r.decodeTokens();
    double exec = r.executionTime();
    double model = r.modelExecutionTime();
    double preempt = r.preemptionTime();
    // A constant API-server delay shifts every engine event of the run equally, so the engine runs on
    // the arrival times and only the client-visible latencies add it.
    double e2e = c - a + apiIn + apiOut;
    double ttft = f - a + apiIn;
    set(RequestMetric.REQUEST_E2E_TIME, id, e2e);
    set(RequestMetric.REQUEST_E2E_TIME_NORMALIZED, id, e2e / d);
    set(RequestMetric.REQUEST_EXECUTION_TIME, id, exec);
    set(RequestMetric.REQUEST_EXECUTION_TIME_NORMALIZED, id, exec / d);
    set(RequestMetric.REQUEST_MODEL_EXECUTION_TIME, id, model);
    set(RequestMetric.REQUEST_MODEL_EXECUTION_TIME_NORMALIZED, id, model / d);
    set(RequestMetric.REQUEST_PREEMPTION_TIME, id, preempt);
    set(RequestMetric.REQUEST_SCHEDULING_DELAY, id, s - a);
    set(RequestMetric.REQUEST_EXECUTION_PLUS_PREEMPTION_TIME, id, exec + preempt);
    set(RequestMetric.REQUEST_EXECUTION_PLUS_PREEMPTION_TIME_NORMALIZED, id, (exec + preempt) / d);
    set(RequestMetric.PREFILL_E2E_TIME, id, ttft);
    set(RequestMetric.PREFILL_E2E_TIME_NORMALIZED, id, ttft / p);
    set(RequestMetric.PREFILL_TIME_EXECUTION_PLUS_PREEMPTION, id, f - s);
    set(RequestMetric.PREFILL_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED, id, (f - s) / p);
    set(RequestMetric.DECODE_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED, id, (c - f) / d);
    set(RequestMetric.REQUEST_INTER_ARRIVAL_DELAY, id, r.interArrivalDelay());
    set(RequestMetric.REQUEST_NUM_TOKENS, id, r.originalPrefillTokens() + r.originalDecodeTokens());
    set(RequestMetric.REQUEST_NUM_PREFILL_TOKENS, id, r.originalPrefillTokens());
    set(RequestMetric.REQUEST_NUM_PREFILL_TOKENS_CACHED, id, r.cachedTokens());
    set(RequestMetric.REQUEST_NUM_DECODE_TOKENS, id, r.originalDecodeTokens());
    set(RequestMetric.REQUEST_PD_RATIO, id, (double) r.originalPrefillTokens() / r.originalDecodeTokens());
    set(RequestMetric.REQUEST_NUM_RESTARTS, id, r.restarts());
    if (kvTransferTime != null) {
      if (r.transferEndedAt() >= 0) {
        kvTransferTime[id] = r.transferEndedAt() - r.transferStartedAt();
        decodeAdmissionWait[id] = r.transferStartedAt() - r.decodeRoutedAt();
        prefillReplica[id] = r.prefillReplica();
      } else {
        prefillReplica[id] = r.replica();
      }
    }
  }

  private void set(RequestMetric m, int id, double v) {
    values[m.ordinal()][id] = v;
  }

  /** Requests that arrived before the time limit. */
  @Override
  public int numRequests() {
    return numArrived;
  }

  @Override
  public int numUnfinished() {
    return numArrived - numCompleted;
  }

  public int numCompleted() {
    return numCompleted;
  }

  public int numRejected() {
    return numRejected;
  }

  public boolean isCompleted(int id) {
    return id < completed.length && completed[id];
  }

  public int replica(int id) {
    return replica[id];
  }

  public double arrivedAt(int id) {
    return arrivedAt[id];
  }

  public double value(RequestMetric m, int id) {
    return values[m.ordinal()][id];
  }

  /** Request ids with a row, ascending. */
  public int[] completedIds() {
    int[] ids = new int[numCompleted];
    int k = 0;
    for (int i = 0; i < completed.length; i++) {
      if (completed[i]) {
        ids[k++] = i;
      }
    }
    return ids;
  }

  @Override
  public double[] completedMetric(String metric) {
    return completed(RequestMetric.byColumn(metric));
  }

  public double[] completed(RequestMetric m) {
    double[] out = new double[numCompleted];
    double[] col = values[m.ordinal()];
    int k = 0;
    for (int i = 0; i < completed.length; i++) {
      if (completed[i]) {
        out[k++] = col[i];
      }
    }
    return out;
  }
}
