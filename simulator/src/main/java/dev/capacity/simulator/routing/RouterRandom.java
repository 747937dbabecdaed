package dev.capacity.simulator.routing;

import java.util.SplittableRandom;

/**
 * The router's random stream: uniform choice among tied replicas and uniform draws. Seeded per
 * simulation, so a simulation's routing never depends on threads or wall clock. (Not bit-compatible with
 * CPython's Mersenne Twister; the reference's exact tie-breaks are not reproduced.)
 */
public final class RouterRandom {
  private final SplittableRandom random;

  public RouterRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Uniform in [0, n). */
  public int nextInt(int n) {
    return random.nextInt(n);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return random.nextDouble();
  }

  /** Uniform choice among {@code candidates[0..count)}. */
  public int choice(int[] candidates, int count) {
    return candidates[count == 1 ? 0 : random.nextInt(count)];
  }
}
