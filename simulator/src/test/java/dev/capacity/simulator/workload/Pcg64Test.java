package dev.capacity.simulator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values printed by NumPy 2.4.6: {@code np.random.default_rng(s).bit_generator.random_raw(3)}, {@code .random(3)}. */
class Pcg64Test {

  @Test
  void seedSequenceMatchesNumpy() {
    assertThat(Pcg64.SeedSequence.generateState64(42, 4))
        .containsExactly(
            Long.parseUnsignedLong("11465652750463011511"),
            Long.parseUnsignedLong("15382171918060459190"),
            Long.parseUnsignedLong("9018504550953525431"),
            Long.parseUnsignedLong("3703499796004394495"));
  }

  @Test
  void rawOutputsMatchNumpy() {
    assertRaw(42, 0xc621fbcd16d92688L, 0x705a5661a791ffc1L, 0xdbcd12c26eda1624L);
    assertRaw(0, 0xa30febcfd9c2825fL, 0x4510bdf882d9d721L, 0xa7d3da94ecde8b8L);
    assertRaw(12345, 0x3a32b18db2ffc19dL, 0x51171315c9e4c4deL, 0xcc2024823444efd9L);
    assertRaw((1L << 40) + 7, 0xd46e9e2034de21aaL, 0x415badc99c087675L, 0x275ed40f045acb84L);
  }

  @Test
  void doublesMatchNumpy() {
    Pcg64 rng = new Pcg64(42);
    assertThat(rng.nextDouble()).isEqualTo(0.7739560485559633);
    assertThat(rng.nextDouble()).isEqualTo(0.4388784397520523);
    assertThat(rng.nextDouble()).isEqualTo(0.8585979199113825);
  }

  private static void assertRaw(long seed, long... expected) {
    Pcg64 rng = new Pcg64(seed);
    for (long e : expected) {
      assertThat(rng.nextLong()).isEqualTo(e);
    }
  }
}
