package dev.capacity.simulator.kvcache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KvCacheManagerTest {
  // Request 0 owns hashes 1,2,3 (3 full blocks = 48 tokens); request 1 shares the first two (1,2) then 9;
  // request 2 has an unrelated chain 7,8.
  private final long[] hashes = {1, 2, 3, 1, 2, 9, 7, 8};

  @Test
  void sharedPrefixIsHitAfterTheOwnerRegistersIt() {
    KvCacheManager kv = new KvCacheManager(10, 16, true, 0, hashes, 3);
    assertThat(kv.lookupHits(3, 3, 10)).isZero();
    assertThat(kv.allocate(0, 0, 48, 0, 0, 3)).isTrue();
    assertThat(kv.numFreeBlocks()).isEqualTo(7);
    // request 1: blocks (1,2) are cached -> 2 hit blocks, then it allocates one block for its own 16 tokens
    assertThat(kv.countHitBlocks(3, 3, 10)).isEqualTo(2);
    int hits = kv.lookupHits(3, 3, 10);
    assertThat(hits).isEqualTo(2);
    assertThat(kv.allocate(1, 0, 16, hits, 3, 3)).isTrue();
    assertThat(kv.numFreeBlocks()).isEqualTo(6);
    // the cap passed by the caller limits hits (at least one prompt token computed)
    assertThat(kv.countHitBlocks(3, 3, 1)).isEqualTo(1);
  }

  @Test
  void freedBlocksStayCachedUntilReusedLeastRecentlyUsedFirst() {
    KvCacheManager kv = new KvCacheManager(5, 16, true, 0, hashes, 3);
    assertThat(kv.allocate(0, 0, 48, 0, 0, 3)).isTrue(); // blocks 0,1,2 hold hashes 1,2,3
    kv.free(0); // released suffix first: free queue = 3,4,2,1,0
    assertThat(kv.numFreeBlocks()).isEqualTo(5);
    assertThat(kv.countHitBlocks(0, 3, 10)).isEqualTo(3);
    // request 2 needs 2 blocks: takes 3 and 4 (never used): everything stays cached
    assertThat(kv.allocate(2, 0, 32, 0, 6, 2)).isTrue();
    assertThat(kv.countHitBlocks(0, 3, 10)).isEqualTo(3);
    kv.free(2);
    // free queue now 2,1,0,4,3: reallocating request 2 block by block evicts hash 3, then hash 2
    assertThat(kv.allocate(2, 0, 16, 0, 6, 2)).isTrue(); // takes block 2 (hash 3 evicted)
    assertThat(kv.countHitBlocks(0, 3, 10)).isEqualTo(2);
    assertThat(kv.allocate(2, 16, 16, 0, 6, 2)).isTrue(); // takes block 1 (hash 2 evicted)
    assertThat(kv.countHitBlocks(0, 3, 10)).isEqualTo(1);
  }

  @Test
  void allocationFailsWithoutChangingStateWhenBlocksRunOut() {
    KvCacheManager kv = new KvCacheManager(4, 16, false, 64, null, 2);
    assertThat(kv.allocate(0, 0, 40, 0, 0, 0)).isTrue(); // 3 blocks + preallocation capped at what is free
    assertThat(kv.numFreeBlocks()).isZero();
    assertThat(kv.allocate(1, 0, 1, 0, 0, 0)).isFalse();
    kv.free(0);
    assertThat(kv.numFreeBlocks()).isEqualTo(4);
  }

  @Test
  void withoutHashesNothingIsEverHit() {
    KvCacheManager kv = new KvCacheManager(8, 16, true, 0, null, 1);
    assertThat(kv.prefixCachingEnabled()).isFalse();
    assertThat(kv.lookupHits(0, 0, 10)).isZero();
  }

  @Test
  void reservingAllocationOwnsTheWholeSequenceButRegistersOnlyScheduledBlocks() {
    KvCacheManager kv = new KvCacheManager(10, 16, true, 0, hashes, 3);
    // request 0: 20 prompt tokens now, 48 tokens reserved -> owns 3 blocks, only block 0 (hash 1) full
    assertThat(kv.allocate(0, 0, 20, 0, 0, 3, 48)).isTrue();
    assertThat(kv.ownedBlocks(0)).isEqualTo(3);
    assertThat(kv.numFreeBlocks()).isEqualTo(7);
    assertThat(kv.countHitBlocks(0, 3, 10)).isEqualTo(1);
    // scheduling 12 more tokens fills block 1 without taking a block
    assertThat(kv.allocate(0, 20, 12, 0, 0, 3)).isTrue();
    assertThat(kv.numFreeBlocks()).isEqualTo(7);
    assertThat(kv.countHitBlocks(0, 3, 10)).isEqualTo(2);
    // a reservation larger than the free blocks fails and changes nothing
    assertThat(kv.allocate(2, 0, 1, 0, 6, 2, 16 * 8)).isFalse();
    assertThat(kv.numFreeBlocks()).isEqualTo(7);
    // hit blocks held by request 0 are not evictable
    int hits = kv.lookupHits(3, 3, 10);
    assertThat(hits).isEqualTo(2);
    assertThat(kv.evictableHits(hits)).isZero();
  }

  @Test
  void aBlockSharedByMoreRequestsThanTheStateWordCountsStaysReferencedUntilTheLastReleases() {
    int sharers = 10_000; // beyond the 13-bit count kept in the state word
    long[] chain = new long[2 * sharers];
    for (int r = 0; r < sharers; r++) {
      chain[2 * r] = 42; // every request starts with the same block
      chain[2 * r + 1] = 1000 + r;
    }
    KvCacheManager kv = new KvCacheManager(sharers + 8, 16, true, 0, chain, sharers);
    for (int r = 0; r < sharers; r++) {
      int hits = kv.lookupHits(2 * r, 2, 1);
      assertThat(hits).isEqualTo(r == 0 ? 0 : 1);
      assertThat(kv.allocate(r, 0, 32 - 16 * hits, hits, 2 * r, 2)).isTrue();
    }
    assertThat(kv.numUsedBlocks()).isEqualTo(sharers + 1); // the shared block once, plus one each
    for (int r = sharers - 1; r >= 1; r--) {
      kv.free(r);
    }
    assertThat(kv.numUsedBlocks()).as("request 0 still holds both its blocks").isEqualTo(2);
    kv.free(0);
    assertThat(kv.numFreeBlocks()).isEqualTo(sharers + 8);
    assertThat(kv.countHitBlocks(0, 2, 2)).as("freed blocks stay cached").isEqualTo(2);
  }

  @Test
  void whenTheBlockLookupsSeeIsEvictedTheNewestDuplicateTakesOver() {
    // requests 0, 1 and 2 compute the same block (hash 100) before any looks it up; request 3 has two others
    long[] chain = {100, 100, 100, 200, 201, 100};
    KvCacheManager kv = new KvCacheManager(4, 16, true, 0, chain, 5);
    for (int r = 0; r < 3; r++) {
      assertThat(kv.allocate(r, 0, 16, 0, r, 1)).isTrue();
    }
    kv.free(0); // the first holder, the one lookups see, goes to the free queue after the never-used block
    assertThat(kv.allocate(3, 0, 32, 0, 3, 2)).isTrue(); // takes both: the first holder is evicted
    kv.free(1); // the older duplicate is free, the newer (request 2's) is held
    int hits = kv.lookupHits(5, 1, 1);
    assertThat(hits).isEqualTo(1);
    assertThat(kv.evictableHits(hits)).as("the hit is request 2's held block, not request 1's free one").isZero();
  }
}
