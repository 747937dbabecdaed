package dev.capacity.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capacity.simulator.engine.DisaggregatedSetup;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.NodeSpec;
import dev.capacity.simulator.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

/** Prefill and decode pools on node types of their own, and the layer-wise transfer, through the config. */
class DisaggregatedPoolsTest {
  private static SimulationConfig.Builder base(double qps, int requests) {
    return SimulationConfig.builder()
        .prefixCaching(true)
        .trace("classpath:traces/mooncake/conversation_trace.jsonl")
        .workload(WorkloadSpec.poisson(qps, requests, 131072, 42));
  }

  private static SimulationConfig.Builder colocatedOn(String device, String node) {
    return base(1, 10).device(device).networkDevice(node);
  }

  @Test
  void eachPoolIsTimedAndSizedOnItsOwnNodeType() {
    Simulator sim = Simulator.withDefaults();
    // the job's cluster is h100_dgx; decode replicas on a100_40gb_dgx (no profiles of its own: a100's)
    SimulationSetup s = sim.prepare(base(1, 10).layout(DisaggregatedLayout.of(2, 6, "round_robin", "lor")
        .withNetworkDevices(null, null, "a100_40gb_dgx", null)).build());
    DisaggregatedSetup d = s.disaggregation();
    SimulationSetup h100 = sim.prepare(colocatedOn("h100", "h100_dgx").build());
    SimulationSetup a100 = sim.prepare(colocatedOn("a100_40gb", "a100_40gb_dgx").build());
    assertThat(d.prefillKvBlocks()).isEqualTo(h100.kvBlocksPerReplica());
    assertThat(d.decodeKvBlocks()).isEqualTo(a100.kvBlocksPerReplica()).isLessThan(d.prefillKvBlocks());
    // the study-wide timing cache hands out one model per (model, node, TP, PP, overhead)
    assertThat(d.prefillTiming()).isSameAs(h100.timing());
    assertThat(d.decodeTiming()).isSameAs(a100.timing());
    // different node types are different machines: one NIC per GPU; the latency is the larger side's (equal)
    assertThat(d.linkBytesPerSecond()).isEqualTo(NodeSpec.INTER_NODE_BYTES_PER_SECOND_PER_GPU);
    assertThat(d.linkLatencySeconds()).isEqualTo(Catalog.node("h100_dgx").interconnectLatencySeconds());
    // the same node type named explicitly is the config's: same setup as without it
    DisaggregatedSetup same = sim.prepare(base(1, 10).layout(DisaggregatedLayout.of(2, 6, "round_robin", "lor")
        .withNetworkDevices("h100_dgx", null, "h100_dgx", null)).build()).disaggregation();
    DisaggregatedSetup plain = sim.prepare(base(1, 10).layout(DisaggregatedLayout.of(2, 6, "round_robin", "lor"))
        .build()).disaggregation();
    assertThat(same.linkBytesPerSecond()).isEqualTo(plain.linkBytesPerSecond()).isEqualTo(450e9);
    assertThat(same.decodeKvBlocks()).isEqualTo(plain.decodeKvBlocks());
    assertThat(same.decodeTiming()).isSameAs(plain.decodeTiming());
  }

  @Test
  void aPoolMayRunOnADeviceWithoutProfilesOrDefinedWithTheLayout() {
    Simulator sim = Simulator.withDefaults();
    // h200 has no profiles (the roofline times it); a pool of an inline node type
    NodeSpec mine = new NodeSpec("my_node", Catalog.H100, 4, 100, 30);
    SimulationConfig c = base(2, 100).layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor")
        .withNetworkDevices("h200_hgx", null, "my_node", mine)).build();
    DisaggregatedSetup d = sim.prepare(c).disaggregation();
    assertThat(d.linkLatencySeconds()).isEqualTo(mine.interconnectLatencySeconds()); // the slower side's (30 us)
    assertThat(d.prefillKvBlocks()).isEqualTo(sim.prepare(colocatedOn("h200", "h200_hgx").build()).kvBlocksPerReplica());
    SimulationOutcome out = sim.run(c);
    assertThat(out.metrics().numCompleted()).isEqualTo(100);
    // the pools' profiles are part of the profile digest; without pools it is the config's alone
    assertThat(sim.profileDigest(c)).hasSize(64).isNotEqualTo(sim.profileDigest(base(2, 100).build()));
    assertThat(sim.profileDigest(base(2, 100).layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor")).build()))
        .isEqualTo(sim.profileDigest(base(2, 100).build()));
  }

  @Test
  void poolNodeTypesAndTransferModesAreChecked() {
    Simulator sim = Simulator.withDefaults();
    DisaggregatedLayout l = DisaggregatedLayout.of(1, 1, "round_robin", "lor");
    assertThatThrownBy(() -> sim.prepare(base(1, 10).layout(l.withNetworkDevices(null, null, "h100", null)).build()))
        .hasMessageContaining("layout 1P1D-h100_dgx/h100: decode_network_device: unknown node 'h100'; allowed: a100_dgx,");
    assertThatThrownBy(() -> sim.prepare(base(1, 10)
        .layout(l.withNetworkDevices("x_node", new NodeSpec("y_node", Catalog.H100, 8, 100, 20), null, null)).build()))
        .hasMessageContaining("prefill_network_device 'x_node' is not the name of the node type given with it ('y_node')");
    // TP 8 fits an h100_dgx (the config's) but not the 4 GPUs of a pairwise node
    assertThatThrownBy(() -> sim.prepare(base(1, 10).layout(l.withTensorParallel(0, 8)
        .withNetworkDevices(null, null, "h100_pairwise_nvlink", null)).build()))
        .hasMessageContaining("does not fit on node h100_pairwise_nvlink");
    assertThatThrownBy(() -> sim.prepare(base(1, 10).layout(l.withKvTransfer("streamed")).build()))
        .hasMessageContaining("unknown kv_transfer 'streamed'; allowed: after_prefill, layerwise");
    assertThat(sim.prepare(base(1, 10).layout(l.withKvTransfer("after_prefill")).build()).disaggregation().layerwise())
        .isFalse();
    DisaggregatedSetup layerwise = sim.prepare(base(1, 10).layout(l.withKvTransfer("layerwise")).build())
        .disaggregation();
    assertThat(layerwise.layerwise()).isTrue();
    assertThat(layerwise.numLayers()).isEqualTo(32);
  }

  @Test
  void aLayerwiseTransferIsNeverLongerThanAfterThePrefill() {
    Simulator sim = Simulator.withDefaults();
    DisaggregatedLayout l = DisaggregatedLayout.of(1, 1, "round_robin", "lor").withLink(5.0, 1e-4);
    SimulationOutcome after = sim.run(base(0.5, 200).layout(l).build());
    SimulationOutcome layerwise = sim.run(base(0.5, 200).layout(l.withKvTransfer("layerwise")).build());
    double sumAfter = 0;
    double sumLayerwise = 0;
    for (int id : after.metrics().completedIds()) {
      sumAfter += after.metrics().kvTransferTime(id);
    }
    for (int id : layerwise.metrics().completedIds()) {
      sumLayerwise += layerwise.metrics().kvTransferTime(id);
    }
    assertThat(layerwise.metrics().numCompleted()).isEqualTo(200);
    assertThat(sumLayerwise).isPositive().isLessThan(sumAfter / 2);
  }

  @Test
  void theLayoutSurvivesJsonAndStaysOutOfItWhenUnset() throws Exception {
    ObjectMapper json = new ObjectMapper();
    SimulationConfig c = base(1, 10).layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor")
        .withNetworkDevices("h200_hgx", null, "my_node", new NodeSpec("my_node", Catalog.H100, 4, 100, 30))
        .withKvTransfer("layerwise")).build();
    assertThat(json.readValue(json.writeValueAsString(c), SimulationConfig.class)).isEqualTo(c);
    String plain = json.writeValueAsString(base(1, 10).layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor")).build());
    assertThat(plain).doesNotContain("NetworkDevice").doesNotContain("NodeSpec").doesNotContain("kvTransfer");
  }
}
