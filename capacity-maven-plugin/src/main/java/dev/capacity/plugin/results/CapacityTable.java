package dev.capacity.plugin.results;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table that ends {@code capacity:search} in the log: per job its short label, capacity, QPS per GPU,
 * baseline and change, so the answer is readable without opening a file.
 */
public final class CapacityTable {
  private CapacityTable() {}

  /** @param comparisons the gate's, or null without a baseline */
  public static List<String> lines(StudyResults results, List<BaselineGate.Comparison> comparisons) {
    Map<String, BaselineGate.Comparison> byKey = new HashMap<>();
    if (comparisons != null) {
      comparisons.forEach(c -> byKey.put(c.key(), c));
    }
    List<String> labels = JobLabels.ofResults(results.jobs());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"job", "capacity", "QPS/GPU", "baseline", "change"});
    for (int i = 0; i < results.jobs().size(); i++) {
      JobResult j = results.jobs().get(i);
      BaselineGate.Comparison c = byKey.get(j.key());
      String capacity = j.error() != null ? "ERROR" : j.capacity() != null
          ? Numbers.format(j.capacity()) + ("replicas".equals(j.unit()) ? " replicas" : " QPS")
          : j.status() != null ? j.status() : "none".equals(j.unit()) ? "isoqps" : "none";
      String change = c == null || c.baseline() == null ? (comparisons == null ? "" : "new")
          : c.current() == null ? c.verdict().name()
          : String.format(Locale.ROOT, "%+.2f%%%s", c.changePercent(),
              c.verdict() == BaselineGate.Verdict.REGRESSED ? " REGRESSED" : "");
      rows.add(new String[] {labels.get(i), capacity,
        j.qpsPerGpu() == null ? "" : String.format(Locale.ROOT, "%.3g", j.qpsPerGpu()),
        c == null || c.baseline() == null ? "" : Numbers.format(c.baseline()), change});
    }
    int[] width = new int[5];
    for (String[] r : rows) {
      for (int k = 0; k < 5; k++) {
        width[k] = Math.max(width[k], r[k].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder("  ").append(pad(r[0], width[0]));
      for (int k = 1; k < 5; k++) {
        sb.append("  ").append(" ".repeat(width[k] - r[k].length())).append(r[k]); // numbers right-aligned
      }
      out.add(sb.toString().stripTrailing());
    }
    return out;
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }
}
