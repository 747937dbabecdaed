package dev.capacity.simulator.timing;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Finds and parses Vidur-layout profiles: {@code compute/<device>/<org>/<model>/mlp.csv} and
 * {@code network/<node>/{all_reduce,send_recv}.csv}. The bundled copies live on the classpath under
 * {@code /profiles}; a user's own profiling output can be given as a directory in the same layout, and a
 * file found there wins over the bundled one. Nothing outside these two places is ever read.
 */
public final class ProfileRepository {
  private static final String CLASSPATH_ROOT = "/profiles/";

  /** Linear operators Vidur's predictor sums per layer (data README §4.2, §4.5); "emb" is not used. */
  static final List<String> LINEAR_OPS =
      List.of(
          "attn_pre_proj",
          "attn_post_proj",
          "attn_rope",
          "input_layernorm",
          "post_attention_layernorm",
          "mlp_up_proj",
          "mlp_act",
          "mlp_down_proj",
          "add");

  /** Columns that Vidur also fills with 0 when absent (phi-2 has no post-attention norm). */
  private static final List<String> OPTIONAL_OPS = List.of("post_attention_layernorm", "add");

  private final Path overrideRoot;

  private ProfileRepository(Path overrideRoot) {
    this.overrideRoot = overrideRoot;
  }

  /** Only the bundled profiles. */
  public static ProfileRepository classpath() {
    return new ProfileRepository(null);
  }

  /** Files under {@code root} (same layout) take precedence over the bundled ones. */
  public static ProfileRepository withOverride(Path root) {
    if (root == null || !Files.isDirectory(root)) {
      throw new SimulationInputException(
          "profile directory '" + root + "' does not exist or is not a directory");
    }
    return new ProfileRepository(root);
  }

  /** Under the device's {@link DeviceSpec#profilesOf()} name, which for most devices is their own. */
  public static String mlpPath(ModelSpec model, DeviceSpec device) {
    return "compute/" + device.profilesOf() + "/" + model.identifier() + "/mlp.csv";
  }

  /** Under the node's {@link NodeSpec#profilesOf()} name, which for most nodes is their own. */
  public static String networkPath(NodeSpec node, String collective) {
    return "network/" + node.profilesOf() + "/" + collective + ".csv";
  }

  /** Where a relative profile path is (or would be) read from, for messages. */
  public String describe(String relativePath) {
    Source s = locate(relativePath);
    if (s != null) {
      return s.name;
    }
    return overrideRoot == null
        ? "classpath:" + CLASSPATH_ROOT + relativePath
        : overrideRoot.resolve(relativePath) + " (or classpath:" + CLASSPATH_ROOT + relativePath + ")";
  }

  /**
   * SHA-256 (hex) over every profile file a replica of {@code model} on {@code node} can read: for each,
   * its relative path, where it was found (override directory or bundled) and its bytes, or a marker
   * when absent (then the roofline stands in). Two runs whose digests match read the same numbers.
   */
  public String digest(ModelSpec model, NodeSpec node) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String rel : List.of(mlpPath(model, node.device()), networkPath(node, "all_reduce"),
          networkPath(node, "send_recv"))) {
        Source src = locate(rel);
        sha.update((rel + "\n" + (src == null ? "absent" : src.path != null ? "override" : "bundled") + "\n")
            .getBytes(StandardCharsets.UTF_8));
        if (src != null) {
          try (InputStream in = src.open()) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
              sha.update(buf, 0, n);
            }
          }
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new SimulationInputException("cannot read profiles for " + model.identifier() + " on "
          + node.name() + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean exists(String relativePath) {
    return locate(relativePath) != null;
  }

  /**
   * Per-layer sum of the linear operators' medians, in seconds, by {@code num_tokens}, for rows whose
   * shape columns match the model and whose TP degree is {@code tp}. Empty when the file is absent or
   * has no such rows. Duplicate token counts are averaged.
   */
  Optional<PiecewiseLinear> linearOps(ModelSpec model, DeviceSpec device, int tp) {
    String rel = mlpPath(model, device);
    Source src = locate(rel);
    if (src == null) {
      return Optional.empty();
    }
    Map<Double, double[]> byTokens = new TreeMap<>();
    try (CsvFile csv = CsvFile.open(src)) {
      for (String op : LINEAR_OPS) {
        if (!OPTIONAL_OPS.contains(op)) {
          csv.require(median(op));
        }
      }
      csv.require("num_tokens", "num_tensor_parallel_workers", "n_head", "n_kv_head", "n_embd",
          "n_expanded_embd", "vocab_size", "use_gated_mlp");
      for (CSVRecord r : csv.records()) {
        if (csv.integer(r, "num_tensor_parallel_workers") != tp
            || csv.integer(r, "n_head") != model.numQHeads()
            || csv.integer(r, "n_kv_head") != model.numKvHeads()
            || csv.integer(r, "n_embd") != model.embeddingDim()
            || csv.integer(r, "n_expanded_embd") != model.mlpHiddenDim()
            || csv.integer(r, "vocab_size") != model.vocabSize()
            || csv.bool(r, "use_gated_mlp") != model.gatedMlp()) {
          continue;
        }
        double sumMs = 0;
        for (String op : LINEAR_OPS) {
          sumMs += csv.numberOrZero(r, median(op));
        }
        accumulate(byTokens, csv.integer(r, "num_tokens"), sumMs * 1e-3, src, r);
      }
    }
    return toCurve(byTokens);
  }

  /**
   * One profiled row: the median seconds of each of {@link #LINEAR_OPS} (0 where the profile has no
   * such column or value) for {@code tokens} tokens at tensor-parallel degree {@code tp}.
   */
  record OperatorRow(int tp, int tokens, double[] seconds) {}

  /** Every row of the model's mlp.csv on the device that matches the model's shape, in file order. */
  java.util.List<OperatorRow> operatorRows(ModelSpec model, DeviceSpec device) {
    Source src = locate(mlpPath(model, device));
    java.util.List<OperatorRow> rows = new java.util.ArrayList<>();
    if (src == null) {
      return rows;
    }
    try (CsvFile csv = CsvFile.open(src)) {
      for (CSVRecord r : csv.records()) {
        if (csv.integer(r, "n_head") != model.numQHeads()
            || csv.integer(r, "n_kv_head") != model.numKvHeads()
            || csv.integer(r, "n_embd") != model.embeddingDim()
            || csv.integer(r, "n_expanded_embd") != model.mlpHiddenDim()) {
          continue;
        }
        double[] seconds = new double[LINEAR_OPS.size()];
        for (int i = 0; i < seconds.length; i++) {
          seconds[i] = csv.numberOrZero(r, median(LINEAR_OPS.get(i))) * 1e-3;
        }
        rows.add(new OperatorRow(csv.integer(r, "num_tensor_parallel_workers"),
            csv.integer(r, "num_tokens"), seconds));
      }
    }
    return rows;
  }

  /** All-reduce median seconds by message bytes, rows {@code num_workers == devices_per_node == tp}. */
  Optional<PiecewiseLinear> allReduce(NodeSpec node, int tp) {
    return collective(node, "all_reduce", tp, tp);
  }

  /** Send/recv median seconds by message bytes; across nodes ({@code devices_per_node} 1) or within (2). */
  Optional<PiecewiseLinear> sendRecv(NodeSpec node, boolean acrossNodes) {
    return collective(node, "send_recv", 2, acrossNodes ? 1 : 2);
  }

  private Optional<PiecewiseLinear> collective(
      NodeSpec node, String collective, int workers, int devicesPerNode) {
    Source src = locate(networkPath(node, collective));
    if (src == null) {
      return Optional.empty();
    }
    String timeColumn = median(collective);
    Map<Double, double[]> bySize = new TreeMap<>();
    try (CsvFile csv = CsvFile.open(src)) {
      csv.require(timeColumn, "num_workers", "size", "collective", "devices_per_node");
      for (CSVRecord r : csv.records()) {
        if (!collective.equals(csv.text(r, "collective"))
            || csv.integer(r, "num_workers") != workers
            || csv.integer(r, "devices_per_node") != devicesPerNode) {
          continue;
        }
        accumulate(bySize, csv.number(r, "size"), csv.number(r, timeColumn) * 1e-3, src, r);
      }
    }
    return toCurve(bySize);
  }

  private static String median(String op) {
    return "time_stats." + op + ".median";
  }

  private static void accumulate(
      Map<Double, double[]> acc, double x, double seconds, Source src, CSVRecord r) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new SimulationInputException(
          src.name + " line " + CsvFile.line(r) + ": time " + seconds + " is not a finite value >= 0");
    }
    double[] sumAndCount = acc.computeIfAbsent(x, k -> new double[2]);
    sumAndCount[0] += seconds;
    sumAndCount[1] += 1;
  }

  private static Optional<PiecewiseLinear> toCurve(Map<Double, double[]> acc) {
    if (acc.isEmpty()) {
      return Optional.empty();
    }
    double[] xs = new double[acc.size()];
    double[] ys = new double[acc.size()];
    int i = 0;
    for (Map.Entry<Double, double[]> e : acc.entrySet()) {
      xs[i] = e.getKey();
      ys[i] = e.getValue()[0] / e.getValue()[1];
      i++;
    }
    return Optional.of(new PiecewiseLinear(xs, ys));
  }

  private Source locate(String relativePath) {
    if (overrideRoot != null) {
      Path p = overrideRoot.resolve(relativePath);
      if (Files.isRegularFile(p)) {
        return new Source(p.toString(), null, p);
      }
    }
    URL url = ProfileRepository.class.getResource(CLASSPATH_ROOT + relativePath);
    return url == null ? null : new Source("classpath:" + CLASSPATH_ROOT + relativePath, url, null);
  }

  /** A located file: {@code name} is what messages show. */
  private record Source(String name, URL url, Path path) {
    InputStream open() throws IOException {
      return path != null ? Files.newInputStream(path) : url.openStream();
    }
  }

  /** A header-first CSV with line-numbered, file-named errors. */
  private static final class CsvFile implements AutoCloseable {
    private static final CSVFormat FORMAT =
        CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            // pandas writes an unnamed index column first in the network profiles
            .setAllowMissingColumnNames(true)
            .setIgnoreSurroundingSpaces(true)
            .get();

    final String name;
    final CSVParser parser;

    private CsvFile(String name, CSVParser parser) {
      this.name = name;
      this.parser = parser;
    }

    static CsvFile open(Source src) {
      try {
        Reader reader = new InputStreamReader(src.open(), StandardCharsets.UTF_8);
        return new CsvFile(src.name, CSVParser.parse(reader, FORMAT));
      } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
        throw new SimulationInputException(src.name + " line 1: cannot read the CSV header: "
            + e.getMessage(), e);
      }
    }

    /** The data rows; a malformed row (e.g. an unclosed quote) fails naming the file and line. */
    Iterable<CSVRecord> records() {
      java.util.Iterator<CSVRecord> it = parser.iterator();
      return () ->
          new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
              try {
                return it.hasNext();
              } catch (UncheckedIOException | IllegalStateException e) {
                throw new SimulationInputException(name + " line " + parser.getCurrentLineNumber()
                    + ": malformed CSV: " + e.getMessage(), e);
              }
            }

            @Override
            public CSVRecord next() {
              hasNext();
              return it.next();
            }
          };
    }

    static long line(CSVRecord r) {
      // the header is line 1 and profile rows never span lines
      return r.getRecordNumber() + 1;
    }

    void require(String... columns) {
      for (String c : columns) {
        if (!parser.getHeaderMap().containsKey(c)) {
          throw new SimulationInputException(
              name + " line 1: missing column '" + c + "' (a Vidur profile needs it)");
        }
      }
    }

    String text(CSVRecord r, String column) {
      if (!r.isConsistent()) {
        throw new SimulationInputException(name + " line " + line(r) + ": has " + r.size()
            + " fields but the header has " + parser.getHeaderMap().size());
      }
      return r.get(column);
    }

    double number(CSVRecord r, String column) {
      String v = text(r, column);
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new SimulationInputException(name + " line " + line(r) + ": column '" + column
            + "' value '" + v + "' is not a number");
      }
    }

    /** Vidur turns missing or empty (NaN) operator columns into 0. */
    double numberOrZero(CSVRecord r, String column) {
      if (!parser.getHeaderMap().containsKey(column) || text(r, column).isEmpty()) {
        return 0.0;
      }
      double v = number(r, column);
      return Double.isNaN(v) ? 0.0 : v;
    }

    int integer(CSVRecord r, String column) {
      String v = text(r, column);
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new SimulationInputException(name + " line " + line(r) + ": column '" + column
            + "' value '" + v + "' is not an integer");
      }
    }

    boolean bool(CSVRecord r, String column) {
      String v = text(r, column);
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      throw new SimulationInputException(name + " line " + line(r) + ": column '" + column
          + "' value '" + v + "' is not one of True, False");
    }

    @Override
    public void close() {
      try {
        parser.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
