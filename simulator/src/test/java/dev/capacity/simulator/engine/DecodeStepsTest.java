package dev.capacity.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.MetricsWriter;
import dev.capacity.simulator.metrics.RequestMetric;
import dev.capacity.simulator.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

/** Running steady decode phases as one batch must change nothing but the number of events. */
class DecodeStepsTest {
  private static SimulationOutcome run(SimulationConfig config, boolean fastForward) {
    Simulation sim = new Simulation(Simulator.withDefaults().prepare(config));
    sim.setFastForward(fastForward);
    return sim.run();
  }

  private static void assertSame(SimulationConfig config) {
    SimulationOutcome off = run(config, false);
    SimulationOutcome on = run(config, true);
    MetricsStore a = off.metrics();
    MetricsStore b = on.metrics();
    assertThat(b.numCompleted()).isEqualTo(a.numCompleted());
    for (RequestMetric m : RequestMetric.values()) {
      assertThat(b.completed(m)).as(m.column()).containsExactly(a.completed(m));
    }
    assertThat(on.endTime()).isEqualTo(off.endTime());
    java.util.Map<String, Object> sa = MetricsWriter.summary(off);
    java.util.Map<String, Object> sb = MetricsWriter.summary(on);
    sa.remove("num_events");
    sb.remove("num_events");
    assertThat((long[]) sb.remove("router_outstanding_at_end"))
        .isEqualTo((long[]) sa.remove("router_outstanding_at_end"));
    assertThat(sb.toString()).isEqualTo(sa.toString());
    assertThat(on.numEvents()).isLessThan(off.numEvents());
  }

  private static SimulationConfig.Builder base() {
    return SimulationConfig.builder()
        .prefixCaching(true)
        .trace("classpath:traces/mooncake/conversation_trace.jsonl")
        .timeLimitSeconds(600);
  }

  @Test
  void lightLoadWithPrefixCachingIsUnchanged() {
    assertSame(base().numReplicas(2).router("lop_uncached")
        .workload(WorkloadSpec.poisson(0.3, 300, 131072, 42)).build());
  }

  @Test
  void tightMemoryWithPreemptionsIsUnchanged() {
    assertSame(base().numReplicas(1).router("round_robin").device("a100").networkDevice("a100_dgx")
        .memoryMarginFraction(0.6).workload(WorkloadSpec.poisson(1.0, 300, 131072, 42)).build());
  }

  @Test
  void sarathiAndTheTimeLimitAreUnchanged() {
    assertSame(base().numReplicas(2).replicaScheduler("sarathi").timeLimitSeconds(120)
        .workload(WorkloadSpec.poisson(0.5, 400, 131072, 42)).build());
  }
}
