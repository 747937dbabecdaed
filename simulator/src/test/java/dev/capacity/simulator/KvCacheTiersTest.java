package dev.capacity.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.engine.KvTierSetup;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

/** KV-cache tiers configured through {@link SimulationConfig}, on Llama-3-8B and h100_dgx. */
class KvCacheTiersTest {
  /** Llama-3-8B: 128 KiB per token, 16 tokens a block. */
  static final double BLOCK_BYTES = 16 * 131072;

  private static SimulationConfig.Builder base() {
    return SimulationConfig.builder()
        .prefixCaching(true)
        .trace("classpath:traces/mooncake/conversation_trace.jsonl")
        .workload(WorkloadSpec.poisson(1, 200, 131072, 42));
  }

  @Test
  void tiersResolveToBlocksAndLoadTimesByHand() {
    Simulator sim = Simulator.withDefaults();
    // 64 GB of CPU memory = 64e9 / 2 MiB = 30,517 blocks; H100 PCIe Gen5 default 0.8 x 64 = 51.2 GB/s
    KvTierSetup cpu = sim.prepare(base().kvTiers(KvCacheTiers.cpu(64)).build()).kvTiers();
    assertThat(cpu.cpuBlocks()).isEqualTo(30517);
    assertThat(cpu.cpuSecondsPerBlock()).isCloseTo(BLOCK_BYTES / 51.2e9, within(1e-18));
    assertThat(cpu.poolBlocks()).isZero();
    // TP2: two GPUs load their halves over their own links; a pool of 1 TB at the default 50 GB/s per GPU
    KvTierSetup both = sim.prepare(base().tensorParallel(2)
        .kvTiers(new KvCacheTiers(64.0, 25.0, 1000.0, null, null)).build()).kvTiers();
    assertThat(both.cpuSecondsPerBlock()).isCloseTo(BLOCK_BYTES / (2 * 25e9), within(1e-18));
    assertThat(both.poolBlocks()).isEqualTo(476837);
    assertThat(both.poolSecondsPerBlock()).isCloseTo(BLOCK_BYTES / (2 * 50e9), within(1e-18));
    assertThat(both.poolLatencySeconds()).isEqualTo(KvCacheTiers.DEFAULT_POOL_LATENCY_SECONDS);
    // an A100 host link is PCIe Gen4
    assertThat(KvCacheTiers.defaultCpuGbps("a100")).isEqualTo(25.6);
    assertThat(sim.prepare(base().build()).kvTiers()).isNull();
    // a decode pool on A100-40GB nodes loads over its own PCIe Gen4 link, the H100 prefill pool over Gen5
    KvTierSetup pools = sim.prepare(base().numReplicas(2).layout(DisaggregatedLayout.of(1, 1, "round_robin", "lor")
        .withNetworkDevices(null, null, "a100_40gb_dgx", null)).kvTiers(KvCacheTiers.cpu(64)).build()).kvTiers();
    assertThat(pools.cpuSecondsPerBlock()).isCloseTo(BLOCK_BYTES / 51.2e9, within(1e-18));
    assertThat(pools.decodeCpuSecondsPerBlock()).isCloseTo(BLOCK_BYTES / 25.6e9, within(1e-18));
  }

  @Test
  void badTierSettingsAreRejectedNamingTheKey() {
    Simulator sim = Simulator.withDefaults();
    assertThatThrownBy(() -> sim.prepare(base().prefixCaching(false).kvTiers(KvCacheTiers.cpu(64)).build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("enable_prefix_caching: true");
    assertThatThrownBy(() -> sim.prepare(base().kvTiers(new KvCacheTiers(0.0, null, null, null, null)).build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("give cpu_gb or pool_gb");
    assertThatThrownBy(() -> sim.prepare(base().kvTiers(new KvCacheTiers(64.0, 0.0, null, null, null)).build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("kv_tiers.cpu_gbps must be");
    assertThatThrownBy(() -> sim.prepare(base().kvTiers(KvCacheTiers.cpu(0.001)).build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("kv_tiers.cpu_gb: 0.001 GB holds 0");
    assertThatThrownBy(() -> sim.prepare(base().kvTiers(new KvCacheTiers(-1.0, null, null, null, null)).build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("kv_tiers.cpu_gb must be");
  }

  /**
   * On Mooncake conversations (sessions re-send their history) with a GPU cache too small to keep it, a
   * CPU tier serves part of the hits, and the cluster hits more prompt tokens than with GPU memory only.
   */
  @Test
  void aCpuTierRaisesTheHitRatioOfATightGpuCache() {
    Simulator sim = Simulator.withDefaults();
    SimulationConfig.Builder b = base().numReplicas(2).router("round_robin").gpuMemoryUtilization(0.3)
        .workload(WorkloadSpec.poisson(1, 400, 131072, 42));
    SimulationOutcome gpu = new Simulation(sim.prepare(b.build())).run();
    SimulationOutcome tiered = new Simulation(sim.prepare(b.kvTiers(KvCacheTiers.cpu(200)).build())).run();
    long cpuHits = 0;
    for (SimulationOutcome.ReplicaStats r : tiered.replicas()) {
      cpuHits += r.cpuHitTokens();
    }
    assertThat(cpuHits).isPositive();
    assertThat(tiered.cachedPromptTokens()).isGreaterThan(gpu.cachedPromptTokens());
    assertThat(tiered.metrics().numCompleted()).isEqualTo(gpu.metrics().numCompleted());
  }
}
