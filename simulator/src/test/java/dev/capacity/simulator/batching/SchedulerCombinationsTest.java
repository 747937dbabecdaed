package dev.capacity.simulator.batching;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.SimulationInputException;
import org.junit.jupiter.api.Test;

class SchedulerCombinationsTest {
  private static final ReplicaSchedulers ALL = ReplicaSchedulers.builtIn();

  @Test
  void sensibleCombinationsPass() {
    for (String s : Setups.ALL) {
      assertThatCode(() -> SchedulerCombinations.check(s, ALL.get(s), "fcfs", 0, 1)).doesNotThrowAnyException();
      assertThatCode(() -> SchedulerCombinations.check(s, ALL.get(s), "edf", 0.002, 1)).doesNotThrowAnyException();
    }
    for (String s : Setups.PIPELINE_CAPABLE) {
      assertThatCode(() -> SchedulerCombinations.check(s, ALL.get(s), "fcfs", 0, 4)).doesNotThrowAnyException();
    }
  }

  @Test
  void edfWithoutAPrefillSloIsRejected() {
    assertThatThrownBy(() -> SchedulerCombinations.check("sarathi", ALL.get("sarathi"), "edf", 0, 1))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("slo_prefill_e2e_time_normalized")
        .hasMessageContaining("fcfs");
  }

  @Test
  void vllmV1WithPipelineStagesIsRejected() {
    assertThatThrownBy(() -> SchedulerCombinations.check("vllm_v1", ALL.get("vllm_v1"), "fcfs", 0, 2))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("vllm_v1")
        .hasMessageContaining("pipeline")
        .hasMessageContaining("faster_transformer, lightllm, orca, sarathi, vllm");
  }

  @Test
  void unknownQueueIsRejectedListingTheAllowedOnes() {
    assertThatThrownBy(() -> SchedulerCombinations.check("vllm", ALL.get("vllm"), "lifo", 0, 1))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("'lifo'")
        .hasMessageContaining("allowed: edf, fcfs");
  }

  @Test
  void simulationRefusesANonsenseSetup() {
    var reqs = Setups.requests(new double[] {0}, new int[] {10}, new int[] {2});
    assertThatThrownBy(() -> new dev.capacity.simulator.engine.Simulation(Setups.of("vllm_v1").stages(2).build(reqs)))
        .isInstanceOf(SimulationInputException.class);
    assertThatThrownBy(() -> new dev.capacity.simulator.engine.Simulation(Setups.of("orca").queue("edf", 0).build(reqs)))
        .isInstanceOf(SimulationInputException.class);
  }
}
