package dev.capacity.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.engine.DisaggregatedSetup;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.metrics.MetricsWriter;
import dev.capacity.simulator.metrics.Quantiles;
import dev.capacity.simulator.metrics.RequestMetric;
import dev.capacity.simulator.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disaggregated layout configured through {@link SimulationConfig}, on Llama-3-8B and h100_dgx. */
class DisaggregatedLayoutTest {
  @TempDir Path dir;

  private static SimulationConfig.Builder base(double qps, int requests) {
    return SimulationConfig.builder()
        .prefixCaching(true)
        .trace("classpath:traces/mooncake/conversation_trace.jsonl")
        .workload(WorkloadSpec.poisson(qps, requests, 131072, 42));
  }

  @Test
  void defaultLinkIsTheNodeInterconnectWhenTheLayoutFitsInANodeElseTheInterNodeNic() {
    Simulator sim = Simulator.withDefaults();
    DisaggregatedSetup inNode = sim.prepare(base(1, 10)
        .layout(DisaggregatedLayout.of(2, 6, "lop_uncached", "lor")).build()).disaggregation();
    assertThat(inNode.kvBytesPerToken()).isEqualTo(131072);
    assertThat(inNode.linkBytesPerSecond()).isEqualTo(450e9); // h100_dgx NVLink per GPU and direction
    DisaggregatedSetup across = sim.prepare(base(1, 10).tensorParallel(2)
        .layout(DisaggregatedLayout.of(2, 6, "lop_uncached", "lor")).build()).disaggregation();
    assertThat(across.linkBytesPerSecond()).isEqualTo(2 * 50e9); // 16 GPUs: two NICs per TP-2 pair
    DisaggregatedSetup given = sim.prepare(base(1, 10)
        .layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor").withLink(25.0, 1e-3)).build())
        .disaggregation();
    // 1000 prompt tokens of 128 KiB over 25 GB/s after 1 ms
    assertThat(given.transferSeconds(1000)).isCloseTo(1e-3 + 1000 * 131072 / 25e9, within(1e-15));
  }

  @Test
  void aLayoutIsCheckedUpFront() {
    Simulator sim = Simulator.withDefaults();
    assertThatThrownBy(() -> sim.prepare(base(1, 10).layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor"))
        .numReplicas(3).build())).hasMessageContaining("num_replicas must be prefill + decode replicas (2)");
    assertThatThrownBy(() -> sim.prepare(base(1, 10).replicaScheduler("orca")
        .layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor")).build())).hasMessageContaining("orca");
    assertThatThrownBy(() -> sim.prepare(base(1, 10)
        .layout(DisaggregatedLayout.of(1, 1, "round_robin", "no_such_router")).build()))
        .hasMessageContaining("no_such_router");
    assertThatThrownBy(() -> sim.prepare(base(1, 10)
        .layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor").withLink(0.0, null)).build()))
        .hasMessageContaining("kv_link_gbps");
  }

  @Test
  void outputsCarryTheTransferColumnsOnlyWhenDisaggregated() throws Exception {
    Simulator sim = Simulator.withDefaults();
    SimulationConfig colocated = base(2, 200).numReplicas(2).build();
    Simulator.writeOutputs(dir.resolve("c"), colocated, sim.run(colocated));
    SimulationConfig disagg = base(2, 200).layout(DisaggregatedLayout.of(1, 1, "lop_uncached", "lor")).build();
    SimulationOutcome out = sim.run(disagg);
    Simulator.writeOutputs(dir.resolve("d"), disagg, out);
    List<String> c = Files.readAllLines(dir.resolve("c/request_metrics.csv"));
    List<String> d = Files.readAllLines(dir.resolve("d/request_metrics.csv"));
    assertThat(c.get(0)).isEqualTo(String.join(",", MetricsWriter.requestMetricsHeader()));
    assertThat(d.get(0)).endsWith(",replica,prefill_replica,kv_transfer_time,decode_admission_wait");
    assertThat(Files.readString(dir.resolve("c/config.json"))).doesNotContain("layout");
    assertThat(Files.readString(dir.resolve("d/config.json"))).contains("\"layout\"").contains("\"decodeRouter\" : \"lor\"");
    assertThat(Files.readString(dir.resolve("d/summary.json"))).contains("kv_transfer_time").contains("decode_admission_wait");
    assertThat(out.metrics().numCompleted()).isEqualTo(200);
    assertThat(out.routerOutstanding()).containsOnly(0L);
    for (int id : out.metrics().completedIds()) {
      assertThat(out.metrics().prefillReplica(id)).isZero();
      // a one-token request ends with its first token, on its prefill replica
      boolean oneToken = out.metrics().value(RequestMetric.REQUEST_NUM_DECODE_TOKENS, id) == 1;
      assertThat(out.metrics().replica(id)).isEqualTo(oneToken ? 0 : 1);
    }
  }

  @Test
  void oneP1dWithAnInstantLinkHasNoWorseTtftOrTpotThanItsPrefillReplicaColocated() {
    // The colocated replica and the prefill replica are the same H100; at 0.2 requests/s a prompt on the
    // prefill replica never shares an iteration with decodes, and a decode never waits behind a prompt
    // chunk, while colocated they sometimes do.
    Simulator sim = Simulator.withDefaults();
    SimulationConfig colocated = base(0.2, 200).numReplicas(1).router("round_robin").build();
    SimulationConfig disagg = base(0.2, 200)
        .layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor").withLink(Double.POSITIVE_INFINITY, 0.0)).build();
    SimulationOutcome c = new Simulation(sim.prepare(colocated)).run();
    SimulationOutcome d = new Simulation(sim.prepare(disagg)).run();
    assertThat(d.metrics().numCompleted()).isEqualTo(200);
    for (RequestMetric m : new RequestMetric[] {
        RequestMetric.PREFILL_E2E_TIME, RequestMetric.DECODE_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED}) {
      double[] vc = c.metrics().completed(m);
      double[] vd = d.metrics().completed(m);
      Quantiles.sort(vc);
      Quantiles.sort(vd);
      for (double q : new double[] {0.5, 0.9}) {
        assertThat(Quantiles.ofSorted(vd, q)).as(m + " p" + q).isLessThanOrEqualTo(Quantiles.ofSorted(vc, q) * 1.001);
      }
    }
    // with the default link (NVLink within the node) a transfer is short next to a TTFT
    SimulationOutcome real = sim.run(base(0.2, 200).layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor")).build());
    double[] transfer = new double[real.metrics().numCompleted()];
    int k = 0;
    for (int id : real.metrics().completedIds()) {
      transfer[k++] = real.metrics().kvTransferTime(id);
    }
    Quantiles.sort(transfer);
    double[] ttft = real.metrics().completed(RequestMetric.PREFILL_E2E_TIME);
    Quantiles.sort(ttft);
    assertThat(Quantiles.ofSorted(transfer, 0.5)).isPositive().isLessThan(Quantiles.ofSorted(ttft, 0.5) / 10);
  }
}
