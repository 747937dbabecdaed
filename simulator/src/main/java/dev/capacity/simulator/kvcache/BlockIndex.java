package dev.capacity.simulator.kvcache;

/**
 * Hash of a KV block to the run holding it (the one lookups see). Entries may be stale: the cache checks
 * that the run still holds the hash. Two layouts: a plain open-addressing map, and a paged one for
 * traces whose block ids come in runs of 32 consecutive values (Mooncake's 512-token blocks split into
 * 16-token sub-blocks), where a prompt's lookups then touch one page per 32 blocks instead of one cache
 * line per block.
 */
interface BlockIndex {
  int MISSING = -1;

  int get(long hash);

  /** Inserts unless present; returns the present value, or MISSING after inserting. */
  int putIfAbsent(long hash, int block);

  void put(long hash, int block);

  /**
   * Inserts {@code block} for the hashes {@code hash, hash + 1, ...} up to {@code count} of them, stopping
   * at the first hash already present; returns how many were inserted.
   */
  int putIfAbsentRun(long hash, int count, int block);

  /** Too many stale entries: the cache should {@link #clear()} and reinsert the live holders. */
  boolean needsRebuild(int numBlocks);

  /**
   * Called after a rebuild: the next one waits until the index has doubled from here, so a cache whose
   * live entries sit near the bound does not rebuild over and over.
   */
  void rebuilt();

  void clear();

  /** The paged layout when most consecutive hashes of the trace differ by one. */
  static BlockIndex forHashes(long[] hashes, int numBlocks) {
    if (hashes != null && hashes.length > 64) {
      int runs = 0;
      int n = Math.min(hashes.length, 1 << 16);
      for (int i = 1; i < n; i++) {
        if (hashes[i] == hashes[i - 1] + 1) {
          runs++;
        }
      }
      if (runs * 4 > n * 3) {
        return new PagedBlockIndex(numBlocks);
      }
    }
    return new MapBlockIndex(new LongIntHashMap(Math.min(numBlocks, 1 << 16)));
  }

  /** The plain layout. */
  final class MapBlockIndex implements BlockIndex {
    private final LongIntHashMap map;

    MapBlockIndex(LongIntHashMap map) {
      this.map = map;
    }

    @Override
    public int get(long hash) {
      return map.get(hash);
    }

    @Override
    public int putIfAbsent(long hash, int block) {
      return map.putIfAbsent(hash, block);
    }

    @Override
    public void put(long hash, int block) {
      map.put(hash, block);
    }

    @Override
    public int putIfAbsentRun(long hash, int count, int block) {
      for (int i = 0; i < count; i++) {
        if (map.putIfAbsent(hash + i, block) != MISSING) {
          return i;
        }
      }
      return count;
    }

    private int floor;

    @Override
    public boolean needsRebuild(int numBlocks) {
      return map.size() > Math.max(2 * numBlocks + 4096, floor);
    }

    @Override
    public void rebuilt() {
      floor = 2 * map.size();
    }

    @Override
    public void clear() {
      map.clear();
    }
  }
}
