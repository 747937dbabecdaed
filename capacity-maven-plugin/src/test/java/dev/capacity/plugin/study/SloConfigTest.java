package dev.capacity.plugin.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.metrics.SimulationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloConfigTest {
  private static final Location HERE = new Location("test.yml", 1, 1);

  private record FakeResult(Map<String, double[]> metrics, int numUnfinished)
      implements SimulationResult {
    @Override
    public int numRequests() {
      return metrics.values().iterator().next().length + numUnfinished;
    }

    @Override
    public double[] completedMetric(String metric) {
      return metrics.get(metric).clone();
    }
  }

  private static SloConfig config(SloType type, double quantile, Slo... slos) {
    return new SloConfig("s", type, YamlNumber.ofFloat(quantile), List.of(slos), HERE);
  }

  private static Slo slo(String metric, double bound) {
    return new Slo(metric, YamlNumber.ofFloat(bound), HERE);
  }

  /**
   * Ten requests 1..10 s (unsorted on purpose), p90, bound 9.5: h = 9 x 0.9 = 8.1, so 9 + 0.1 x (10 -
   * 9) = 9.1 (numpy gives 9.1 too): pass. One unfinished request makes 11 values with +inf last:
   * h = 10 x 0.9 = 9.0 lands exactly on the 10th value, 10 > 9.5: fail.
   */
  @Test
  void oneSloUsesTheLinearQuantileWithUnfinishedAsInfinity() {
    double[] ttft = {3, 1, 2, 10, 4, 5, 9, 6, 7, 8};
    SloConfig p90 = config(SloType.AND, 0.9, slo("prefill_e2e_time", 9.5));

    SloVerdict ok = p90.judge(new FakeResult(Map.of("prefill_e2e_time", ttft), 0));
    assertThat(ok.passes()).isTrue();
    assertThat(ok.metrics().get(0).valueAtQuantile()).isCloseTo(9.1, within(1e-12));
    assertThat(ok.passingFraction()).isEqualTo(0.9);

    SloVerdict flipped = p90.judge(new FakeResult(Map.of("prefill_e2e_time", ttft), 1));
    assertThat(flipped.passes()).isFalse();
    assertThat(flipped.metrics().get(0).valueAtQuantile()).isEqualTo(10.0);
    assertThat(flipped.passingFraction()).isEqualTo(9.0 / 11);
  }

  @Test
  void quantileBetweenAFiniteValueAndAnUnfinishedRequestIsInfinite() {
    assertThat(Quantiles.linear(new double[] {1, 2, 3}, 1, 0.9)).isInfinite();
    assertThat(Quantiles.linear(new double[] {1, 2, 3, 4}, 1, 0.75)).isEqualTo(4.0);
    assertThat(Quantiles.linear(new double[] {}, 0, 0.5)).isNaN();
    assertThat(Quantiles.linear(new double[] {5, Double.NaN, 1}, 0, 1.0)).isEqualTo(5.0);
  }

  /**
   * TTFT 1, 2, 3, 4 (bound 3) and TPOT 0.1, 0.3, 0.1, 0.3 (bound 0.2). Per request, `and` passes
   * requests 0 and 2 (2/4 = 0.5), `or` passes 0, 1, 2 (3/4 = 0.75). At quantile 0.75 `and` fails and
   * `or` passes; one unfinished request makes `or` 3/5 = 0.6 and fail.
   */
  @Test
  void severalSlosCountPassingRequests() {
    Map<String, double[]> metrics = Map.of(
        "prefill_e2e_time", new double[] {1, 2, 3, 4},
        "decode_time_execution_plus_preemption_normalized", new double[] {0.1, 0.3, 0.1, 0.3});
    Slo ttft = slo("prefill_e2e_time", 3);
    Slo tpot = slo("decode_time_execution_plus_preemption_normalized", 0.2);

    SloVerdict and = config(SloType.AND, 0.75, ttft, tpot).judge(new FakeResult(metrics, 0));
    assertThat(and.passes()).isFalse();
    assertThat(and.passingFraction()).isEqualTo(0.5);
    // reported percentiles: p75 of 1..4 = 3.25, of the TPOTs = 0.3
    assertThat(and.metrics()).extracting(MetricAtQuantile::valueAtQuantile)
        .containsExactly(3.25, 0.3);

    SloVerdict or = config(SloType.OR, 0.75, ttft, tpot).judge(new FakeResult(metrics, 0));
    assertThat(or.passes()).isTrue();
    assertThat(or.passingFraction()).isEqualTo(0.75);

    SloVerdict orUnfinished = config(SloType.OR, 0.75, ttft, tpot)
        .judge(new FakeResult(metrics, 1));
    assertThat(orUnfinished.passes()).isFalse();
    assertThat(orUnfinished.passingFraction()).isEqualTo(0.6);
  }
}
