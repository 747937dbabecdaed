package dev.capacity.plugin.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.study.Location;
import dev.capacity.plugin.study.MetricAtQuantile;
import dev.capacity.plugin.study.Slo;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.plugin.study.SloType;
import dev.capacity.plugin.study.SloVerdict;
import dev.capacity.plugin.study.YamlNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 17: capacity:simulate prints verdicts people read, not record toString(). */
class SloTextTest {
  private static final Location AT = new Location("capacity.yaml", 1, 1);

  @Test
  void oneSloIsOneLineWithValueBoundAndVerdict() {
    SloConfig c = new SloConfig("ttft_p90_2s", SloType.AND, YamlNumber.ofFloat(0.9),
        List.of(new Slo("prefill_e2e_time", YamlNumber.ofFloat(2), AT)), AT);
    SloVerdict v = new SloVerdict("ttft_p90_2s", true, 0.95,
        List.of(new MetricAtQuantile("prefill_e2e_time", 2.0, 0.9572318234457043)));
    assertThat(SloText.lines(c, v)).containsExactly("TTFT (prefill_e2e_time) p90 = 0.957 s <= 2 s: pass");
  }

  @Test
  void severalSlosEndWithTheShareMeetingThem() {
    SloConfig c = new SloConfig("both", SloType.AND, YamlNumber.ofFloat(0.99), List.of(
        new Slo("prefill_e2e_time", YamlNumber.ofFloat(10), AT),
        new Slo("decode_time_execution_plus_preemption_normalized", YamlNumber.ofFloat(0.1), AT)), AT);
    SloVerdict v = new SloVerdict("both", false, 0.9712, List.of(
        new MetricAtQuantile("prefill_e2e_time", 10, Double.POSITIVE_INFINITY),
        new MetricAtQuantile("decode_time_execution_plus_preemption_normalized", 0.1, 0.0312)));
    assertThat(SloText.lines(c, v)).containsExactly(
        "TTFT (prefill_e2e_time) p99 = ∞ (unfinished requests) > 10 s",
        "TPOT (decode_time_execution_plus_preemption_normalized) p99 = 0.0312 s/token <= 0.1 s/token",
        "97.1% of requests meet all of them per request (p99 needs 99%): fail");
  }
}
