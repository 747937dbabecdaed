package dev.capacity.simulator.kvcache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The paged index keeps small group numbers in a directly indexed page table and the rest in a hash map;
 * both must behave alike, grow on demand and be emptied by {@code clear}.
 */
class PagedBlockIndexTest {
  private static final long SMALL = 5L * 32; // group 5: the direct table
  private static final long GROWN = 100_000L * 32; // beyond the table's first size: it must grow
  private static final long LARGE = (1L << 40) * 32; // beyond the direct bound: the hash map

  @Test
  void smallGrownAndLargeGroupsAreStoredAndFoundAlike() {
    PagedBlockIndex index = new PagedBlockIndex(1024);
    for (long base : new long[] {SMALL, GROWN, LARGE}) {
      assertThat(index.get(base + 3)).as("empty at %d", base).isEqualTo(BlockIndex.MISSING);
      assertThat(index.putIfAbsent(base + 3, 7)).isEqualTo(BlockIndex.MISSING);
      assertThat(index.putIfAbsent(base + 3, 8)).as("present: the first value stays").isEqualTo(7);
      index.put(base + 4, 9);
    }
    for (long base : new long[] {SMALL, GROWN, LARGE}) {
      assertThat(index.get(base + 3)).as("at %d", base).isEqualTo(7);
      assertThat(index.get(base + 4)).isEqualTo(9);
      assertThat(index.get(base + 5)).as("same page, other slot").isEqualTo(BlockIndex.MISSING);
      assertThat(index.get(base + 32 + 3)).as("next group").isEqualTo(BlockIndex.MISSING);
    }
  }

  @Test
  void clearEmptiesBothTablesAndPagesAreReused() {
    PagedBlockIndex index = new PagedBlockIndex(64);
    for (long g = 0; g < 300; g++) {
      index.put(g * 32, (int) g);
      index.put(LARGE + g * 32, (int) g);
    }
    assertThat(index.needsRebuild(64)).as("300 pages for 64 blocks").isTrue();
    index.clear();
    for (long g = 0; g < 300; g++) {
      assertThat(index.get(g * 32)).isEqualTo(BlockIndex.MISSING);
      assertThat(index.get(LARGE + g * 32)).isEqualTo(BlockIndex.MISSING);
    }
    assertThat(index.needsRebuild(64)).isFalse();
    index.put(GROWN, 1);
    assertThat(index.get(GROWN)).isEqualTo(1);
    assertThat(index.get(0)).as("an old group does not see the reused page").isEqualTo(BlockIndex.MISSING);
  }

  @Test
  void aRunOfHashesIsInsertedAcrossPagesUpToTheFirstPresentOne() {
    for (BlockIndex index : new BlockIndex[] {new PagedBlockIndex(64), BlockIndex.forHashes(null, 64)}) {
      long start = SMALL + 20; // 12 slots left in group 5's page, then group 6's and 7's
      index.put(start + 50, 99);
      assertThat(index.putIfAbsentRun(start, 80, 4)).as("stops at the present hash").isEqualTo(50);
      for (long h = start; h < start + 50; h++) {
        assertThat(index.get(h)).as("hash %d", h).isEqualTo(4);
      }
      assertThat(index.get(start + 50)).as("the present value stays").isEqualTo(99);
      assertThat(index.get(start + 51)).isEqualTo(BlockIndex.MISSING);
      assertThat(index.get(start - 1)).isEqualTo(BlockIndex.MISSING);
      assertThat(index.putIfAbsentRun(start + 51, 29, 5)).as("all absent").isEqualTo(29);
      assertThat(index.get(start + 79)).isEqualTo(5);
      assertThat(index.get(start + 80)).isEqualTo(BlockIndex.MISSING);
    }
  }
}
