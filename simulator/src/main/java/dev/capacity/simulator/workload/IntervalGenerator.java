package dev.capacity.simulator.workload;

/**
 * Inter-arrival times for the synthetic generator (reference §6.2), all drawn from one {@link Pcg64} stream.
 *
 * <p>POISSON is bit-exact with Vidur: u = {@code Generator.random()}, interval = −ln(1 − u)/qps, capped at
 * 3/qps. The cap is Vidur's and is kept deliberately: it makes the mean interval (1 − e^−3)/qps ≈ 0.9502/qps,
 * a realised rate of about 1.052 × qps. GAMMA (shape 1/cv², scale 1/(qps·shape)) uses Marsaglia–Tsang over the
 * same stream with Box–Muller normals; it has the right distribution but is not NumPy's bit stream (NumPy uses
 * ziggurat normals), and the explorer never uses it. STATIC is 0: every request arrives at t = 0.
 */
final class IntervalGenerator {
  private final WorkloadSpec.Interval kind;
  private final double qps;
  private final double shape;
  private final double scale;
  private final Pcg64 rng;

  IntervalGenerator(WorkloadSpec spec) {
    this.kind = spec.interval();
    this.qps = spec.qps();
    this.rng = new Pcg64(spec.seed());
    if (kind == WorkloadSpec.Interval.GAMMA) {
      this.shape = 1.0 / (spec.gammaCv() * spec.gammaCv());
      this.scale = 1.0 / (qps * shape);
    } else {
      this.shape = 0;
      this.scale = 0;
    }
  }

  double next() {
    return switch (kind) {
      case POISSON -> Math.min(-Math.log(1.0 - rng.nextDouble()) / qps, 3.0 / qps);
      case GAMMA -> gamma(shape) * scale;
      case STATIC -> 0.0;
    };
  }

  /** Standard gamma variate (Marsaglia & Tsang 2000); shape < 1 via the u^(1/shape) boost. */
  private double gamma(double a) {
    if (a < 1) {
      double u = rng.nextDouble();
      return gamma(a + 1) * Math.pow(u, 1.0 / a);
    }
    double d = a - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal();
        v = 1.0 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private double normal() {
    double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log is finite
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
