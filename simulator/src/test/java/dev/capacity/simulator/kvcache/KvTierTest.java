package dev.capacity.simulator.kvcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Lower KV-cache tiers: LRU order, eviction to the next tier, and a GPU cache offloading into them. */
class KvTierTest {
  @Test
  void leastRecentlyUsedBlockMovesDownToTheNextTier() {
    KvTier pool = new KvTier("pool", 2, null);
    KvTier cpu = new KvTier("cpu", 2, pool);
    cpu.put(1);
    cpu.put(2);
    cpu.touch(1); // 2 is now the least recently used
    cpu.put(3);
    assertThat(cpu.contains(2)).isFalse();
    assertThat(pool.contains(2)).isTrue();
    assertThat(cpu.contains(1)).isTrue();
    assertThat(cpu.contains(3)).isTrue();
    cpu.put(3); // already held: refreshed, nothing moves
    assertThat(cpu.blocksStored()).isEqualTo(3);
    assertThat(cpu.blocksEvicted()).isEqualTo(1);
    cpu.put(4); // evicts 1
    pool.put(5); // pool full with 2, 1: takes 5, dropping 2
    assertThat(pool.contains(2)).isFalse();
    assertThat(pool.contains(1)).isTrue();
    assertThat(pool.contains(5)).isTrue();
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void growsPastItsInitialArraysUpToItsCapacity() {
    KvTier cpu = new KvTier("cpu", 5000, null);
    for (long h = 0; h < 6000; h++) {
      cpu.put(h);
    }
    assertThat(cpu.size()).isEqualTo(5000);
    assertThat(cpu.contains(999)).isFalse();
    assertThat(cpu.contains(1000)).isTrue();
    assertThat(cpu.contains(5999)).isTrue();
  }

  /**
   * By hand, 4 GPU blocks of 16 tokens, no preallocation, a CPU tier of 2 blocks at 1 ms per block:
   * <ol>
   *   <li>A (hashes 10, 11, 12) computes 48 tokens and finishes: its 3 blocks stay cached, free.
   *   <li>B (20..23) takes all 4 blocks: the empty one, then A's run, whose blocks leave suffix first and
   *       are offloaded as 12, 11, 10; the CPU tier holds 2, so 12 falls out: CPU = {11, 10}.
   *   <li>C (10, 11, 12 again, 48 tokens) finds nothing in GPU memory and 10, 11 in CPU memory (the hit is
   *       capped at (48 - 1) / 16 = 2 blocks): 2 blocks load (2 ms), 16 tokens are computed, and its 3
   *       new blocks get hashes 10, 11, 12, so a later lookup finds all 3 in GPU memory.
   *   <li>Taking them evicted B's 23, 22, 21, which pushed 10 and 11 out of the CPU tier: CPU = {22, 21}.
   * </ol>
   */
  @Test
  void gpuEvictionsAreOffloadedAndLowerTierHitsLoadByHand() {
    long[] hashes = {10, 11, 12, 20, 21, 22, 23, 10, 11, 12};
    KvCacheManager kv = new KvCacheManager(4, 16, true, 0, hashes, 3);
    KvTier cpu = new KvTier("cpu", 2, null);
    kv.useTiers(new KvTier[] {cpu}, new double[] {0.001}, new double[] {0});

    assertThat(kv.lookupHits(0, 3, 2)).isZero();
    assertThat(kv.allocate(0, 0, 48, 0, 0, 3)).isTrue();
    kv.free(0);
    assertThat(cpu.size()).isZero(); // freed blocks stay cached in GPU memory

    assertThat(kv.lookupHits(3, 4, 3)).isZero();
    assertThat(kv.allocate(1, 0, 64, 0, 3, 4)).isTrue();
    assertThat(cpu.contains(12)).isFalse();
    assertThat(cpu.contains(11)).isTrue();
    assertThat(cpu.contains(10)).isTrue();
    kv.free(1);

    assertThat(kv.countHitBlocks(7, 3, 2)).isZero(); // in GPU memory: none
    assertThat(kv.countHitBlocksAllTiers(7, 3, 2)).isEqualTo(2); // what routers see: CPU memory too
    int hits = kv.lookupHits(7, 3, 2);
    assertThat(hits).isEqualTo(2);
    assertThat(kv.evictableHits(hits)).isZero(); // none of the hit is in GPU memory
    assertThat(kv.allocate(2, 0, 16, hits, 7, 3)).isTrue();
    kv.recordAdmission(48, hits * 16);
    assertThat(kv.takeLoadSeconds()).isCloseTo(0.002, within(1e-15));
    assertThat(kv.takeLoadSeconds()).isZero();
    assertThat(kv.lowerTierHitTokens(0)).isEqualTo(32);
    assertThat(kv.hitTokens()).isEqualTo(32);
    assertThat(kv.ownedBlocks(2)).isEqualTo(3);
    assertThat(kv.countHitBlocks(7, 3, 3)).isEqualTo(3);
    assertThat(cpu.contains(10)).isFalse();
    assertThat(cpu.contains(11)).isFalse();
    assertThat(cpu.contains(21)).isTrue();
    assertThat(cpu.contains(22)).isTrue();
    assertThat(cpu.blocksStored()).isEqualTo(6);
  }

  @Test
  void aHitContinuesFromGpuMemoryIntoTheLowerTiers() {
    // A (1, 2, 3, 4) is cached; B (5, 6) then evicts A's last two blocks only: 4, 3 go to the CPU tier
    long[] hashes = {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 9};
    KvCacheManager kv = new KvCacheManager(6, 16, true, 0, hashes, 3);
    KvTier cpu = new KvTier("cpu", 8, null);
    kv.useTiers(new KvTier[] {cpu}, new double[] {0.001}, new double[] {0.0005});
    assertThat(kv.allocate(0, 0, 64, 0, 0, 4)).isTrue();
    kv.free(0);
    assertThat(kv.allocate(1, 0, 64, 0, 4, 2)).isTrue(); // 2 empty blocks + A's 4 and 3
    assertThat(cpu.contains(4)).isTrue();
    assertThat(cpu.contains(3)).isTrue();
    assertThat(cpu.contains(2)).isFalse();
    // C = 1, 2 in GPU memory, 3, 4 in CPU memory: 4 hit blocks, 2 loaded (latency + 2 ms)
    int hits = kv.lookupHits(6, 5, 4);
    assertThat(hits).isEqualTo(4);
    assertThat(kv.evictableHits(hits)).isEqualTo(2);
    kv.free(1);
    assertThat(kv.allocate(2, 0, 16, hits, 6, 5)).isTrue();
    assertThat(kv.takeLoadSeconds()).isCloseTo(0.0025, within(1e-15));
    assertThat(kv.lowerTierHitTokens(0)).isEqualTo(32);
    assertThat(kv.ownedBlocks(2)).isEqualTo(5);
    assertThat(kv.countHitBlocks(6, 5, 5)).isEqualTo(5);
  }
}
