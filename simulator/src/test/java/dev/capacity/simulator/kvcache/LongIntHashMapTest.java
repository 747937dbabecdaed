package dev.capacity.simulator.kvcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongIntHashMapTest {
  @Test
  void agreesWithHashMapUnderRandomPutsAndRemoves() {
    LongIntHashMap map = new LongIntHashMap(16);
    Map<Long, Integer> ref = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(1);
    for (int step = 0; step < 200_000; step++) {
      // consecutive keys, as block ids are, to exercise clustering and backward-shift deletion
      long key = rnd.nextInt(5_000) * 32L + rnd.nextInt(3);
      if (rnd.nextInt(3) == 0) {
        map.remove(key);
        ref.remove(key);
      } else {
        int v = rnd.nextInt(1_000_000);
        map.put(key, v);
        ref.put(key, v);
      }
      if (step % 1000 == 0) {
        assertThat(map.size()).isEqualTo(ref.size());
      }
    }
    for (long key = 0; key < 5_000 * 32L; key++) {
      Integer expected = ref.get(key);
      assertThat(map.get(key)).isEqualTo(expected == null ? -1 : expected);
    }
  }
}
