package dev.capacity.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.ModelSpec;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Re-checks the analytic attention fit against the bundled A100 Llama-3-8B attention sample (TP1 and
 * TP4 rows). The bounds are the median absolute percentage errors measured when the constants were
 * fitted (prefill 12.7 %, decode 4.6 %, see CALIBRATION.md) plus a small margin, so a change to the
 * model or its constants that worsens the fit fails the build.
 */
class AttentionCalibrationTest {
  private static final String SAMPLE =
      "/profiles/attention_sample/a100/meta-llama/Meta-Llama-3-8B/attention_sample.csv";

  @Test
  void fitErrorOnTheSampleStaysAsMeasured() throws Exception {
    ModelSpec llama = Catalog.model("meta-llama/Meta-Llama-3-8B");
    AnalyticAttention tp1 = new AnalyticAttention(llama, 312e12, 2039e9, 1);
    AnalyticAttention tp4 = new AnalyticAttention(llama, 312e12, 2039e9, 4);
    List<Double> prefill = new ArrayList<>();
    List<Double> decode = new ArrayList<>();
    List<Double> prefillTp1 = new ArrayList<>();
    List<Double> prefillTp4 = new ArrayList<>();
    List<Double> kvSavePerToken = new ArrayList<>();
    try (InputStream in = AttentionCalibrationTest.class.getResourceAsStream(SAMPLE);
        CSVParser p =
            CSVParser.parse(
                new InputStreamReader(in, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
      for (CSVRecord r : p) {
        int tp = Integer.parseInt(r.get("num_tensor_parallel_workers"));
        AnalyticAttention a = tp == 1 ? tp1 : tp4;
        int chunk = Integer.parseInt(r.get("prefill_chunk_size"));
        int kv = Integer.parseInt(r.get("kv_cache_size"));
        int batch = Integer.parseInt(r.get("batch_size"));
        if (chunk > 0) {
          double measured = Double.parseDouble(r.get("time_stats.attn_prefill.median")) * 1e-3;
          double ape = Math.abs(a.prefillSeconds(chunk, kv) - measured) / measured;
          prefill.add(ape);
          (tp == 1 ? prefillTp1 : prefillTp4).add(ape);
          kvSavePerToken.add(
              Double.parseDouble(r.get("time_stats.attn_kv_cache_save.median")) * 1e-3 / chunk);
        } else {
          double measured = Double.parseDouble(r.get("time_stats.attn_decode.median")) * 1e-3;
          decode.add(Math.abs(a.decodeSeconds((long) batch * kv) - measured) / measured);
        }
      }
    }
    double prefillMape = 100 * median(prefill);
    double decodeMape = 100 * median(decode);
    System.out.printf(
        "attention fit on %d prefill / %d decode sample rows: median APE prefill %.2f %% (TP1 %.2f,"
            + " TP4 %.2f), decode %.2f %%; kv-save median %.3f us/token%n",
        prefill.size(), decode.size(), prefillMape, 100 * median(prefillTp1),
        100 * median(prefillTp4), decodeMape, 1e6 * median(kvSavePerToken));
    assertThat(prefill).hasSize(295);
    assertThat(decode).hasSize(1924);
    assertThat(prefillMape).isLessThan(13.5);
    assertThat(decodeMape).isLessThan(5.0);
    assertThat(1e6 * median(kvSavePerToken)).isBetween(0.45, 0.55);
  }

  private static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }
}
