package dev.capacity.plugin.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.plugin.study.SearchMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTest {
  private static final SearchSettings DEFAULTS = SearchSettings.DEFAULTS; // 10, 1 %, 0.1

  private static List<String> trail(SearchOutcome outcome) {
    return outcome.probes().stream()
        .map(v -> v.probe().folderName() + (v.passed() ? " pass" : " fail")).toList();
  }

  /**
   * Capacity 5.3 at 8 replicas, start 4: 8.0 fails (upper bound found; that turn does not bisect),
   * then bisection of [0, 8]: 4.0, 6.0, 5.0, 5.5, 5.25, 5.375, 5.3125, 5.28125. The tenth turn finds
   * |5.28125 - 5.3125| = 0.03125 < 1 % of 5.3125 and stops: 9 probes, capacity 5.28125.
   */
  @Test
  void qpsSearchBisectsBelowTheStart() {
    SearchOutcome outcome = Searches.run(QpsSearch.start(8, 4, DEFAULTS), (r, q) -> q <= 5.3);
    assertThat(trail(outcome)).containsExactly("r8_q8.0 fail", "r8_q4.0 pass", "r8_q6.0 fail",
        "r8_q5.0 pass", "r8_q5.5 fail", "r8_q5.25 pass", "r8_q5.375 fail", "r8_q5.3125 fail",
        "r8_q5.28125 pass");
    assertThat(outcome.capacity()).hasValue(5.28125);
    assertThat(outcome.stopReason()).isEqualTo(StopReason.CONVERGED);
    assertThat(outcome.mode()).isEqualTo(SearchMode.QPS);
    assertThat(5.3 - outcome.capacity().getAsDouble()).isLessThan(0.01 * 5.3);
  }

  /**
   * Capacity 20, start 4: expansion 8, 16 pass, 32 fails; bisection 24, 20, 22, 21, 20.5, 20.25,
   * 20.125. Ten turns exhaust max_iterations before the interval (0.125 wide) is under 1 %.
   */
  @Test
  void qpsSearchExpandsAboveTheStartAndCountsEveryTurn() {
    SearchOutcome outcome = Searches.run(QpsSearch.start(8, 4, DEFAULTS), (r, q) -> q <= 20);
    assertThat(trail(outcome)).containsExactly("r8_q8.0 pass", "r8_q16.0 pass", "r8_q32.0 fail",
        "r8_q24.0 fail", "r8_q20.0 pass", "r8_q22.0 fail", "r8_q21.0 fail", "r8_q20.5 fail",
        "r8_q20.25 fail", "r8_q20.125 fail");
    assertThat(outcome.capacity()).hasValue(20.0);
    assertThat(outcome.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
  }

  /**
   * Nothing passes: halving from 8 until the upper bound 0.0625 is under min_qps 0.1. The reference
   * reported capacity 0, a QPS never simulated; we report no capacity and why.
   */
  @Test
  void qpsSearchWithNothingPassingReportsBelowMinQps() {
    SearchOutcome outcome = Searches.run(QpsSearch.start(8, 4, DEFAULTS), (r, q) -> false);
    assertThat(outcome.probes()).extracting(v -> v.probe().qps())
        .containsExactly(8.0, 4.0, 2.0, 1.0, 0.5, 0.25, 0.125, 0.0625);
    assertThat(outcome.capacity()).isEmpty();
    assertThat(outcome.stopReason()).isEqualTo(StopReason.BELOW_MIN_QPS);
    assertThat(outcome.status()).isEqualTo(SearchOutcome.Status.BELOW_MIN_QPS);
    assertThat(outcome.reason()).isEqualTo("below min_qps 0.1: 0.0625 QPS still fails at 8 replicas"
        + " (after 8 probes, upper bound under min_qps)");
  }

  /**
   * Passes only under the floor: 0.0625 passes, 0.09375 fails, the upper bound is under min_qps 0.1.
   * The reference reported 0.0625, under the floor; we report that nothing passed at or above it.
   */
  @Test
  void qpsSearchPassingOnlyUnderMinQpsReportsNoCapacity() {
    SearchOutcome outcome = Searches.run(QpsSearch.start(8, 4, DEFAULTS), (r, q) -> q <= 0.07);
    assertThat(trail(outcome)).endsWith("r8_q0.0625 pass", "r8_q0.09375 fail");
    assertThat(outcome.capacity()).isEmpty();
    assertThat(outcome.status()).isEqualTo(SearchOutcome.Status.BELOW_MIN_QPS);
    assertThat(outcome.reason()).startsWith("below min_qps 0.1: the highest passing QPS, 0.0625 at 8"
        + " replicas, is under the floor");
  }

  /** Out of iterations before anything passed: 8, 4, 2, 1 fail; the reference reported 0. */
  @Test
  void qpsSearchOutOfIterationsWithNothingPassingReportsNotFound() {
    SearchOutcome outcome = Searches.run(QpsSearch.start(2, 4, new SearchSettings(4, 1, 0.1)),
        (r, q) -> false);
    assertThat(outcome.capacity()).isEmpty();
    assertThat(outcome.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
    assertThat(outcome.status()).isEqualTo(SearchOutcome.Status.NOT_FOUND);
    assertThat(outcome.reason()).isEqualTo(
        "not found: 1 QPS still fails at 2 replicas (after 4 probes, max_iterations reached)");
  }

  /**
   * Issue 15, item 3: num_replicas 2, qps 2, max_iterations 4, nothing passes: 4, 8, 16, 32 fail.
   * The reference reported 33 (left), never simulated.
   */
  @Test
  void replicaSearchOutOfIterationsReportsNotFoundNotANumberNeverSimulated() {
    SearchOutcome outcome = Searches.run(ReplicaSearch.start(2, 2, new SearchSettings(4, 1, 0.1)),
        (r, q) -> false);
    assertThat(trail(outcome)).containsExactly("r4_q2.0 fail", "r8_q2.0 fail", "r16_q2.0 fail",
        "r32_q2.0 fail");
    assertThat(outcome.capacity()).isEmpty();
    assertThat(outcome.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
    assertThat(outcome.status()).isEqualTo(SearchOutcome.Status.NOT_FOUND);
    assertThat(outcome.reason()).isEqualTo(
        "not found: 32 replicas still fail at 2 QPS (after 4 probes, max_iterations reached)");
  }

  /** Out of iterations mid-bisection: 8 passed, 4 failed; the reference's left 5 was never simulated. */
  @Test
  void replicaSearchOutOfIterationsAfterAPassReportsTheFewestThatPassed() {
    SearchOutcome outcome = Searches.run(ReplicaSearch.start(4, 2, new SearchSettings(2, 1, 0.1)),
        (r, q) -> r >= 5);
    assertThat(trail(outcome)).containsExactly("r8_q2.0 pass", "r4_q2.0 fail");
    assertThat(outcome.capacity()).hasValue(8.0);
    assertThat(outcome.status()).isEqualTo(SearchOutcome.Status.FOUND);
    assertThat(outcome.reason()).isNull();
  }

  /**
   * Every capacity is a probe the search simulated and saw pass (and for qps at or above min_qps),
   * over many thresholds, starts and iteration budgets; without one, the status says why.
   */
  @Test
  void everyCapacityIsASimulatedPassingProbe() {
    for (int iterations = 1; iterations <= 12; iterations++) {
      SearchSettings settings = new SearchSettings(iterations, 1, 0.1);
      for (int start = 1; start <= 6; start++) {
        for (int need = 1; need <= 70; need++) {
          int n = need;
          SearchOutcome r = Searches.run(ReplicaSearch.start(start, 2, settings), (x, q) -> x >= n);
          assertCapacityObserved(r, settings);
          if (r.stopReason() == StopReason.CONVERGED) {
            assertThat(r.capacity()).hasValue(n); // converged: exact, as the reference
          }
          double cap = need / 7.0;
          SearchOutcome q = Searches.run(QpsSearch.start(start, need / 10.0, settings), (x, y) -> y <= cap);
          assertCapacityObserved(q, settings);
        }
      }
    }
  }

  private static void assertCapacityObserved(SearchOutcome o, SearchSettings settings) {
    if (o.capacity().isEmpty()) {
      assertThat(o.status()).isIn(SearchOutcome.Status.NOT_FOUND, SearchOutcome.Status.BELOW_MIN_QPS);
      assertThat(o.reason()).isNotBlank();
      return;
    }
    double c = o.capacity().getAsDouble();
    assertThat(o.status()).isEqualTo(SearchOutcome.Status.FOUND);
    assertThat(o.probes()).anyMatch(v -> v.passed()
        && (o.mode() == SearchMode.QPS ? v.probe().qps() == c : v.probe().replicas() == c));
    if (o.mode() == SearchMode.QPS) {
      assertThat(c).isGreaterThanOrEqualTo(settings.minQps());
    }
  }

  /** The reference's cache warm-up: max_iterations 1 at start 1.0 runs one probe at 2.0. */
  @Test
  void oneIterationRunsOneProbe() {
    SearchOutcome outcome = Searches.run(QpsSearch.start(1, 1.0, new SearchSettings(1, 1, 0.1)),
        (r, q) -> true);
    assertThat(trail(outcome)).containsExactly("r1_q2.0 pass");
    assertThat(outcome.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
  }

  /** Needs 5 replicas, start 4: 8 passes at once, then 4 fails, 6 and 5 pass; left 5 > right 4. */
  @Test
  void replicaSearchBisects() {
    SearchOutcome outcome = Searches.run(ReplicaSearch.start(4, 2, DEFAULTS), (r, q) -> r >= 5);
    assertThat(trail(outcome)).containsExactly("r8_q2.0 pass", "r4_q2.0 fail", "r6_q2.0 pass",
        "r5_q2.0 pass");
    assertThat(outcome.capacity()).hasValue(5.0);
    assertThat(outcome.stopReason()).isEqualTo(StopReason.CONVERGED);
  }

  /** Needs 20, start 4: 8 and 16 fail (left 17), 32 passes; then 24, 20 pass, 18, 19 fail. */
  @Test
  void replicaSearchExpands() {
    SearchOutcome outcome = Searches.run(ReplicaSearch.start(4, 2, DEFAULTS), (r, q) -> r >= 20);
    assertThat(outcome.probes()).extracting(v -> v.probe().replicas())
        .containsExactly(8, 16, 32, 24, 20, 18, 19);
    assertThat(outcome.capacity()).hasValue(20.0);
  }

  /** Needs 8, start 4: the bisection 4, 6, 7 fails and then revisits the upper bound 8. */
  @Test
  void replicaSearchRevisitsTheUpperBound() {
    SearchOutcome outcome = Searches.run(ReplicaSearch.start(4, 2, DEFAULTS), (r, q) -> r >= 8);
    assertThat(outcome.probes()).extracting(v -> v.probe().replicas())
        .containsExactly(8, 4, 6, 7, 8);
    assertThat(outcome.capacity()).hasValue(8.0);
  }

  @Test
  void isoQpsProbesEveryMultiplierWithoutResult() {
    SearchOutcome outcome = Searches.run(IsoQpsSearch.start(2, 4, List.of(0.5, 1.0, 2.0)),
        (r, q) -> q < 5);
    assertThat(trail(outcome)).containsExactly("r2_q2.0 pass", "r2_q4.0 pass", "r2_q8.0 fail");
    assertThat(outcome.capacity()).isEmpty();
    assertThat(outcome.stopReason()).isEqualTo(StopReason.ALL_PROBED);
  }

  /**
   * Lookahead breadth-first, pass branch first: 8; then 16 (8 passed) and 4 (8 failed, bisect [0, 8]);
   * then 32 and 12 (16 passed / failed), 6 and 2 (4 passed / failed).
   */
  @Test
  void statesAreImmutableSoDriversCanSpeculate() {
    SearchState start = QpsSearch.start(8, 4, DEFAULTS);
    assertThat(start.lookahead(3)).extracting(Probe::folderName)
        .containsExactly("r8_q8.0", "r8_q16.0", "r8_q4.0", "r8_q32.0", "r8_q12.0", "r8_q6.0",
            "r8_q2.0");
    SearchState afterFail = start.record(false);
    assertThat(afterFail.nextProbe()).contains(new Probe(8, 4.0));
    assertThat(start.nextProbe()).contains(new Probe(8, 8.0)); // untouched
    Searches.run(start, (r, q) -> false);
    assertThat(start.nextProbe()).contains(new Probe(8, 8.0)); // running it changed nothing
    SearchState ended = QpsSearch.start(1, 1, new SearchSettings(1, 1, 0.1)).record(true);
    assertThat(ended.isDone()).isTrue();
    assertThatThrownBy(() -> ended.record(true)).isInstanceOf(IllegalStateException.class);
  }
}
