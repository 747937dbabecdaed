package dev.capacity.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.metrics.RequestMetric;
import dev.capacity.simulator.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

class SimulatorGivenRequestsTest {
  private static SimulationConfig config(String router) {
    return SimulationConfig.builder()
        .numReplicas(3)
        .router(router)
        .prefixCaching(true)
        .trace("classpath:traces/mooncake/conversation_trace.jsonl")
        .workload(WorkloadSpec.poisson(3.0, 300, 131072, 42))
        .build();
  }

  @Test
  void givenTheRequestsOfTheTraceTheSimulationIsTheSame() {
    Simulator sim = Simulator.withDefaults();
    SimulationSetup fromTrace = sim.prepare(config("lop_uncached"));
    SimulationSetup given = sim.prepare(config("lop_uncached"), fromTrace.requests());
    assertThat(given).isEqualTo(fromTrace);
    SimulationOutcome a = new Simulation(fromTrace).run();
    SimulationOutcome b = new Simulation(given).run();
    assertThat(b.metrics().completed(RequestMetric.REQUEST_E2E_TIME))
        .containsExactly(a.metrics().completed(RequestMetric.REQUEST_E2E_TIME));
  }

  @Test
  void aSessionRouterNeedsSessionIdsInTheGivenRequests() {
    Simulator sim = Simulator.withDefaults();
    SimulationSetup fromTrace = sim.prepare(config("lop_uncached"));
    var r = fromTrace.requests();
    var noSessions = new dev.capacity.simulator.engine.RequestArrays(
        r.arrivalSeconds(), r.prefillTokens(), r.decodeTokens(), r.hashes(), r.hashStart(), r.hashCount(), null);
    assertThatThrownBy(() -> sim.prepare(config("sticky_lor"), noSessions))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("needs sessions");
  }
}
