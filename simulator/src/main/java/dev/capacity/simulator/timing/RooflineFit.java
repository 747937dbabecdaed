package dev.capacity.simulator.timing;

import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Fits {@link Roofline}'s per-operator coefficients on the bundled profiles and measures how wrong the
 * roofline is on a (model, device) pair it has not seen: leave one pair out (fit on the other 21, predict
 * the held-out one), and leave one device out (fit on the other two devices' pairs). Errors are of the
 * per-layer time of the linear operators and of a decoder layer's batch time (linear operators plus the
 * analytic attention, identical on both sides), split into decode shapes (1-256 tokens: a decode batch
 * of that many sequences over 1,024 tokens of context each) and prefill shapes (512-4,096 tokens: one
 * prompt chunk over no context), at every TP the profile has.
 *
 * <p>Run: {@code java -cp <simulator classes and dependencies> dev.capacity.simulator.timing.RooflineFit}.
 */
public final class RooflineFit {
  static final int DECODE_MAX_TOKENS = 256;
  static final int PREFILL_MIN_TOKENS = 512;
  static final int DECODE_CONTEXT = 1024;

  /** One profiled pair: a catalog model on a profiled device, with its rows. */
  record Pair(ModelSpec model, DeviceSpec device, List<ProfileRepository.OperatorRow> rows) {
    String name() {
      return device.name() + " " + model.shortName();
    }
  }

  /** Coefficients per operator: overhead, compute factor, memory factor. */
  record Coefficients(double[] overhead, double[] compute, double[] memory) {
    double seconds(int op, double computeSeconds, double memorySeconds) {
      return overhead[op] + compute[op] * computeSeconds + memory[op] * memorySeconds;
    }
  }

  /** Median absolute relative errors of one held-out pair (or group). */
  record Errors(String name, double linearDecode, double linearPrefill, double batchDecode,
      double batchPrefill) {}

  private RooflineFit() {}

  /** Every catalog model with a bundled profile on a100, h100 or a40. */
  static List<Pair> bundledPairs() {
    ProfileRepository profiles = ProfileRepository.classpath();
    List<Pair> pairs = new ArrayList<>();
    for (String device : List.of("a100", "h100", "a40")) {
      DeviceSpec d = Catalog.device(device);
      for (ModelSpec m : Catalog.models()) {
        if (profiles.exists(ProfileRepository.mlpPath(m, d))) {
          pairs.add(new Pair(m, d, profiles.operatorRows(m, d)));
        }
      }
    }
    return pairs;
  }

  /** Weighted least squares of the relative error, per operator, over the pairs {@code use} accepts. */
  static Coefficients fit(List<Pair> pairs, Predicate<Pair> use) {
    double[] overhead = new double[Roofline.OPS];
    double[] compute = new double[Roofline.OPS];
    double[] memory = new double[Roofline.OPS];
    double[] flops = new double[Roofline.OPS];
    double[] bytes = new double[Roofline.OPS];
    for (int op = 0; op < Roofline.OPS; op++) {
      boolean gemm = Roofline.COMPUTE_FACTOR[op] > 0;
      int k = gemm ? 3 : 2;
      double[][] ata = new double[k][k];
      double[] atb = new double[k];
      for (Pair p : pairs) {
        if (!use.test(p)) {
          continue;
        }
        for (ProfileRepository.OperatorRow r : p.rows()) {
          double measured = r.seconds()[op];
          if (!(measured > 0)) {
            continue;
          }
          Roofline.work(p.model(), r.tp(), r.tokens(), flops, bytes);
          double c = flops[op] / p.device().peakFlopsPerSecond();
          double m = bytes[op] / p.device().bandwidthBytesPerSecond();
          double[] x = gemm ? new double[] {1, c, m} : new double[] {1, m};
          double w = 1 / measured; // minimise the relative error: scale each row by 1 / measured
          for (int i = 0; i < k; i++) {
            atb[i] += x[i] * w * measured * w;
            for (int j = 0; j < k; j++) {
              ata[i][j] += x[i] * w * x[j] * w;
            }
          }
        }
      }
      double[] solution = solve(ata, atb);
      overhead[op] = solution[0];
      if (gemm) {
        compute[op] = solution[1];
        memory[op] = solution[2];
      } else {
        memory[op] = solution[1];
      }
    }
    return new Coefficients(overhead, compute, memory);
  }

  /** The coefficients shipped in {@link Roofline}. */
  static Coefficients shipped() {
    return new Coefficients(Roofline.OVERHEAD_S, Roofline.COMPUTE_FACTOR, Roofline.MEMORY_FACTOR);
  }

  /** The single-share roofline of before (0.65 of peak FLOP/s, 0.75 of bandwidth, 5 us per layer). */
  static double singleShareLayerSeconds(ModelSpec model, DeviceSpec device, int tp, int tokens) {
    double params = model.paramsPerLayerPerDevice(tp);
    double compute = 2.0 * tokens * params / (device.peakFlopsPerSecond() * 0.65);
    double weights = 2.0 * params / (device.bandwidthBytesPerSecond() * 0.75);
    return Math.max(compute, weights) + 5e-6;
  }

  /** Errors of {@code coefficients} (null: the single-share roofline) on one pair's rows. */
  static Errors errors(String name, List<Pair> pairs, Coefficients coefficients) {
    List<Double> linDec = new ArrayList<>();
    List<Double> linPre = new ArrayList<>();
    List<Double> batchDec = new ArrayList<>();
    List<Double> batchPre = new ArrayList<>();
    for (Pair p : pairs) {
      for (ProfileRepository.OperatorRow r : p.rows()) {
        double measured = 0;
        for (double s : r.seconds()) {
          measured += s;
        }
        double predicted;
        if (coefficients == null) {
          predicted = singleShareLayerSeconds(p.model(), p.device(), r.tp(), r.tokens());
        } else {
          predicted = Roofline.linearLayerSeconds(p.model(), p.device(), r.tp(), r.tokens(),
              coefficients.overhead(), coefficients.compute(), coefficients.memory());
        }
        AnalyticAttention attention = new AnalyticAttention(p.model(), p.device(), r.tp(), 1.0);
        boolean decode = r.tokens() <= DECODE_MAX_TOKENS;
        double attn = decode
            ? attention.decodeSeconds((long) r.tokens() * DECODE_CONTEXT) + attention.kvSaveSeconds(r.tokens())
            : attention.prefillSeconds(r.tokens(), 0) + attention.kvSaveSeconds(r.tokens());
        double linearError = Math.abs(predicted / measured - 1);
        double batchError = Math.abs((predicted + attn) / (measured + attn) - 1);
        if (decode) {
          linDec.add(linearError);
          batchDec.add(batchError);
        } else if (r.tokens() >= PREFILL_MIN_TOKENS) {
          linPre.add(linearError);
          batchPre.add(batchError);
        }
      }
    }
    return new Errors(name, median(linDec), median(linPre), median(batchDec), median(batchPre));
  }

  /** Leave one pair out: per pair, fit on the others and measure on it. */
  static List<Errors> leaveOnePairOut(List<Pair> pairs) {
    List<Errors> out = new ArrayList<>();
    for (Pair held : pairs) {
      Coefficients c = fit(pairs, p -> p != held);
      out.add(errors(held.name(), List.of(held), c));
    }
    return out;
  }

  /** Leave one device out: per device, fit on the other devices' pairs and measure on its pairs. */
  static List<Errors> leaveOneDeviceOut(List<Pair> pairs) {
    List<Errors> out = new ArrayList<>();
    for (String device : List.of("a100", "h100", "a40")) {
      Coefficients c = fit(pairs, p -> !p.device().name().equals(device));
      List<Pair> held = pairs.stream().filter(p -> p.device().name().equals(device)).toList();
      out.add(errors(device + " (all " + held.size() + " models)", held, c));
    }
    return out;
  }

  /** The median over a list of each error column. */
  static Errors medianOf(String name, List<Errors> rows) {
    return new Errors(name, median(rows.stream().map(Errors::linearDecode).toList()),
        median(rows.stream().map(Errors::linearPrefill).toList()),
        median(rows.stream().map(Errors::batchDecode).toList()),
        median(rows.stream().map(Errors::batchPrefill).toList()));
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = m[col];
      m[col] = m[pivot];
      m[pivot] = t;
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = m[r][col] / m[col][col];
          for (int c = col; c <= n; c++) {
            m[r][c] -= f * m[col][c];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = m[i][n] / m[i][i];
    }
    return x;
  }

  private static String row(Errors e) {
    return String.format(Locale.ROOT, "| %s | %.1f %% | %.1f %% | %.1f %% | %.1f %% |", e.name(),
        100 * e.linearDecode(), 100 * e.linearPrefill(), 100 * e.batchDecode(), 100 * e.batchPrefill());
  }

  public static void main(String[] args) {
    List<Pair> pairs = bundledPairs();
    Coefficients all = fit(pairs, p -> true);
    System.out.println("Coefficients fitted on all " + pairs.size() + " pairs (op: overhead s, compute, memory):");
    for (int op = 0; op < Roofline.OPS; op++) {
      System.out.printf(Locale.ROOT, "  %-26s %.4e %.4f %.4f%n", ProfileRepository.LINEAR_OPS.get(op),
          all.overhead()[op], all.compute()[op], all.memory()[op]);
    }
    String header = "| held out | linear ops, decode | linear ops, prefill | layer batch, decode |"
        + " layer batch, prefill |\n|---|---:|---:|---:|---:|";
    List<Errors> loo = leaveOnePairOut(pairs);
    System.out.println("\nLeave one pair out (median |error| over the pair's rows):\n" + header);
    loo.forEach(e -> System.out.println(row(e)));
    System.out.println(row(medianOf("**median over the 22 pairs**", loo)));
    System.out.println("\nLeave one device out:\n" + header);
    leaveOneDeviceOut(pairs).forEach(e -> System.out.println(row(e)));
    List<Errors> single = new ArrayList<>();
    for (Pair p : pairs) {
      single.add(errors(p.name(), List.of(p), null));
    }
    System.out.println("\nBefore: one share of peak for every operator (0.65 FLOP/s, 0.75 bandwidth):\n"
        + header);
    System.out.println(row(medianOf("median over the 22 pairs", single)));
  }
}
