package dev.capacity.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.RequestMetric;
import dev.capacity.simulator.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

/** API-server time per request: before the engine (TTFT and E2E) and after the last token (E2E only). */
class ApiServerTimeTest {
  private static SimulationConfig.Builder config() {
    return SimulationConfig.builder()
        .numReplicas(2)
        .router("lor")
        .trace("classpath:traces/mooncake/conversation_trace.jsonl")
        .workload(WorkloadSpec.poisson(2.0, 200, 131072, 42));
  }

  @Test
  void apiServerTimeShiftsTheClientLatenciesAndNothingElse() {
    Simulator sim = Simulator.withDefaults();
    MetricsStore base = new Simulation(sim.prepare(config().build())).run().metrics();
    MetricsStore api = new Simulation(sim.prepare(
        config().apiServerInputSeconds(0.030).apiServerOutputSeconds(0.010).build())).run().metrics();
    assertThat(api.numCompleted()).isEqualTo(base.numCompleted()).isEqualTo(200);
    for (int i = 0; i < 200; i++) {
      assertThat(api.value(RequestMetric.PREFILL_E2E_TIME, i))
          .isCloseTo(base.value(RequestMetric.PREFILL_E2E_TIME, i) + 0.030, within(1e-9));
      assertThat(api.value(RequestMetric.REQUEST_E2E_TIME, i))
          .isCloseTo(base.value(RequestMetric.REQUEST_E2E_TIME, i) + 0.040, within(1e-9));
      // the engine saw the same run: its own times do not move
      assertThat(api.value(RequestMetric.REQUEST_EXECUTION_TIME, i))
          .isEqualTo(base.value(RequestMetric.REQUEST_EXECUTION_TIME, i));
      assertThat(api.value(RequestMetric.REQUEST_SCHEDULING_DELAY, i))
          .isEqualTo(base.value(RequestMetric.REQUEST_SCHEDULING_DELAY, i));
    }
  }

  @Test
  void negativeApiServerTimeAndUnknownModesAreRejectedByName() {
    Simulator sim = Simulator.withDefaults();
    assertThatThrownBy(() -> sim.prepare(config().apiServerOutputSeconds(-1).build()))
        .isInstanceOf(SimulationInputException.class)
        .hasMessage("api_server_output_seconds must be a finite number of seconds >= 0, got -1.0");
    assertThatThrownBy(() -> sim.prepare(config().executionMode("turbo").build()))
        .isInstanceOf(SimulationInputException.class)
        .hasMessage("unknown execution_mode 'turbo'; allowed: cuda_graphs, eager, none");
  }

  @Test
  void eagerIsSlowerThanCudaGraphsWhichIsSlowerThanKernelsOnly() {
    Simulator sim = Simulator.withDefaults();
    double[] p50 = new double[3];
    String[] modes = {"none", "cuda_graphs", "eager"};
    for (int m = 0; m < 3; m++) {
      MetricsStore s = new Simulation(sim.prepare(config().executionMode(modes[m]).build())).run().metrics();
      double[] tpot = s.completed(RequestMetric.DECODE_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED);
      java.util.Arrays.sort(tpot);
      p50[m] = tpot[tpot.length / 2];
    }
    assertThat(p50[0]).isLessThan(p50[1]);
    assertThat(p50[1]).isLessThan(p50[2]);
  }
}
