package dev.capacity.simulator.workload;

/**
 * NumPy's {@code default_rng(seed)}: the PCG64 bit generator (128-bit LCG, XSL-RR output) seeded through
 * {@code SeedSequence(seed)}. Re-implemented bit for bit so that arrival times drawn here equal the
 * reference's {@code np.random.default_rng(seed).random()} stream (reference §1.4); the tests pin the first
 * outputs of several seeds against values printed by NumPy 2.4.
 *
 * <p>Not thread-safe; one instance per workload generation.
 */
final class Pcg64 {
  // PCG_DEFAULT_MULTIPLIER_128 = 0x2360ED051FC65DA4_4385DF649FCCF645
  private static final long MUL_HI = 0x2360ED051FC65DA4L;
  private static final long MUL_LO = 0x4385DF649FCCF645L;

  private long stateHi;
  private long stateLo;
  private final long incHi;
  private final long incLo;

  /** {@code np.random.default_rng(seed)}; numpy rejects negative seeds, and so do we. */
  Pcg64(long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException("seed must be >= 0 (as for numpy.random.default_rng), got " + seed);
    }
    long[] words = SeedSequence.generateState64(seed, 4);
    // pcg64_set_seed: initstate = words[0]:words[1], initseq = words[2]:words[3] (high:low)
    long initHi = words[0];
    long initLo = words[1];
    // inc = (initseq << 1) | 1
    incHi = (words[2] << 1) | (words[3] >>> 63);
    incLo = (words[3] << 1) | 1L;
    // pcg_setseq_128_srandom_r: state = 0; step; state += initstate; step
    stateHi = 0;
    stateLo = 0;
    step();
    long lo = stateLo + initLo;
    stateHi = stateHi + initHi + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
    stateLo = lo;
    step();
  }

  /** The next raw 64-bit output ({@code bit_generator.random_raw()}). */
  long nextLong() {
    step();
    long xored = stateHi ^ stateLo;
    int rot = (int) (stateHi >>> 58);
    return Long.rotateRight(xored, rot);
  }

  /** {@code Generator.random()}: (next64 >> 11) * 2^-53, uniform on [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  private void step() {
    // state = state * MUL + inc, all mod 2^128
    long lo = stateLo * MUL_LO;
    long hi = unsignedMultiplyHigh(stateLo, MUL_LO) + stateLo * MUL_HI + stateHi * MUL_LO;
    long newLo = lo + incLo;
    long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
    stateHi = hi + incHi + carry;
    stateLo = newLo;
  }

  // Math.unsignedMultiplyHigh arrived in Java 18; we target 17.
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** NumPy's {@code SeedSequence} (no spawn key, pool size 4) reduced to what PCG64 needs. */
  static final class SeedSequence {
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;
    private static final int POOL_SIZE = 4;

    private SeedSequence() {}

    /** {@code SeedSequence(seed).generate_state(n, np.uint64)}. */
    static long[] generateState64(long seed, int n) {
      int[] pool = mixEntropy(entropyWords(seed));
      int hashConst = INIT_B;
      int[] words32 = new int[2 * n];
      for (int i = 0; i < words32.length; i++) {
        int v = pool[i % POOL_SIZE];
        v ^= hashConst;
        hashConst *= MULT_B;
        v *= hashConst;
        v ^= v >>> XSHIFT;
        words32[i] = v;
      }
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        // little-endian view of consecutive uint32 words as uint64
        out[i] = (words32[2 * i] & 0xFFFFFFFFL) | ((long) words32[2 * i + 1] << 32);
      }
      return out;
    }

    /** numpy's _int_to_uint32_array: little-endian 32-bit words, [0] for zero. */
    private static int[] entropyWords(long seed) {
      if ((seed >>> 32) == 0) {
        return new int[] {(int) seed};
      }
      return new int[] {(int) seed, (int) (seed >>> 32)};
    }

    private static int[] mixEntropy(int[] entropy) {
      int[] hashConst = {INIT_A};
      int[] mixer = new int[POOL_SIZE];
      for (int i = 0; i < POOL_SIZE; i++) {
        mixer[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
      }
      for (int src = 0; src < POOL_SIZE; src++) {
        for (int dst = 0; dst < POOL_SIZE; dst++) {
          if (src != dst) {
            mixer[dst] = mix(mixer[dst], hashmix(mixer[src], hashConst));
          }
        }
      }
      for (int src = POOL_SIZE; src < entropy.length; src++) {
        for (int dst = 0; dst < POOL_SIZE; dst++) {
          mixer[dst] = mix(mixer[dst], hashmix(entropy[src], hashConst));
        }
      }
      return mixer;
    }

    private static int hashmix(int value, int[] hashConst) {
      value ^= hashConst[0];
      hashConst[0] *= MULT_A;
      value *= hashConst[0];
      value ^= value >>> XSHIFT;
      return value;
    }

    private static int mix(int x, int y) {
      int result = MIX_MULT_L * x - MIX_MULT_R * y;
      result ^= result >>> XSHIFT;
      return result;
    }
  }
}
