package dev.capacity.simulator.kvcache;

import java.util.Arrays;

/**
 * Open-addressing map from long keys to non-negative int values, with deletion by backward shift. The
 * prefix cache looks a block hash up on every admission and router probe, so this avoids boxing.
 */
final class LongIntHashMap {
  private static final int MISSING = -1;
  private long[] keys;
  private int[] values;
  private boolean[] used;
  private int size;
  private int mask;

  LongIntHashMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    used = new boolean[cap];
    mask = cap - 1;
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  int get(long key) {
    int i = mix(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return MISSING;
  }

  void put(long key, int value) {
    int i = mix(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  void remove(long key) {
    int i = mix(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
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
      if (!used[i]) {
        break;
      }
      int home = mix(keys[i]) & mask;
      // move the entry into the hole if its probe path passes through the hole
      boolean between = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
      if (between) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    used[hole] = false;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    used = new boolean[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(used, false);
    size = 0;
  }
}
