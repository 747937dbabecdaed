package dev.capacity.simulator.kvcache;

import java.util.Arrays;

/**
 * Open-addressing map from long keys to non-negative int values, with deletion by backward shift. The
 * prefix cache touches it on every block registration and eviction (millions per probe), so key and
 * value share one interleaved {@code long[]}: a lookup costs one cache line, and nothing is boxed.
 */
final class LongIntHashMap {
  private static final int MISSING = -1;
  /** table[2i] = key, table[2i + 1] = value + 1 (0 marks an empty slot). */
  private long[] table;
  private int size;
  private int mask;
  private int shift;

  LongIntHashMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(cap);
  }

  private void allocate(int cap) {
    table = new long[cap * 2];
    mask = cap - 1;
    shift = 64 - Integer.numberOfTrailingZeros(cap);
  }

  /** Fibonacci hashing: the top bits of the product, since block ids are often consecutive. */
  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  int get(long key) {
    long[] t = table;
    int i = slot(key);
    while (true) {
      long v = t[2 * i + 1];
      if (v == 0) {
        return MISSING;
      }
      if (t[2 * i] == key) {
        return (int) (v - 1);
      }
      i = (i + 1) & mask;
    }
  }

  void put(long key, int value) {
    int i = slot(key);
    while (table[2 * i + 1] != 0) {
      if (table[2 * i] == key) {
        table[2 * i + 1] = value + 1L;
        return;
      }
      i = (i + 1) & mask;
    }
    table[2 * i] = key;
    table[2 * i + 1] = value + 1L;
    if (++size * 2 > mask + 1) {
      grow();
    }
  }

  /** Inserts unless the key is present; returns the present value, or -1 after inserting. */
  int putIfAbsent(long key, int value) {
    int i = slot(key);
    while (table[2 * i + 1] != 0) {
      if (table[2 * i] == key) {
        return (int) (table[2 * i + 1] - 1);
      }
      i = (i + 1) & mask;
    }
    table[2 * i] = key;
    table[2 * i + 1] = value + 1L;
    if (++size * 2 > mask + 1) {
      grow();
    }
    return MISSING;
  }

  void remove(long key) {
    int i = slot(key);
    while (table[2 * i + 1] != 0) {
      if (table[2 * i] == key) {
        shiftBack(i);
        size--;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private void shiftBack(int hole) {
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      if (table[2 * i + 1] == 0) {
        break;
      }
      int home = slot(table[2 * i]);
      // move the entry into the hole if its probe path passes through the hole
      boolean between = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
      if (between) {
        table[2 * hole] = table[2 * i];
        table[2 * hole + 1] = table[2 * i + 1];
        hole = i;
      }
    }
    table[2 * hole + 1] = 0;
  }

  private void grow() {
    long[] old = table;
    allocate((mask + 1) * 2);
    size = 0;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i + 1] != 0) {
        put(old[i], (int) (old[i + 1] - 1));
      }
    }
  }

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(table, 0);
    size = 0;
  }
}
