package dev.capacity.plugin.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a study's capacities with the baseline. A job regresses when its capacity is worse than the
 * baseline by more than the tolerance (relative): lower for QPS searches, higher for replica searches.
 * Improved, new and missing jobs are reported, never failing.
 */
public final class BaselineGate {
  public enum Verdict { REGRESSED, IMPROVED, NEW, MISSING, OK }

  /** One job's comparison; {@code current} or {@code baseline} null for missing / new jobs. */
  public record Comparison(String key, String hash, Double baseline, Double current, String unit, Verdict verdict) {
    public double changePercent() {
      return baseline == null || current == null || baseline == 0 ? 0 : (current - baseline) / baseline * 100;
    }

    public String describe(double tolerance) {
      String what = "replicas".equals(unit) ? "min replicas" : "max QPS";
      return switch (verdict) {
        case REGRESSED -> String.format(Locale.ROOT,
            "Capacity regressed for %s [%s]: %s %s %s baseline %s (%+.2f%%, tolerance %.2f%%)",
            key, hash, what, Numbers.format(current), "replicas".equals(unit) ? ">" : "<",
            Numbers.format(baseline), changePercent(), tolerance * 100);
        case IMPROVED -> String.format(Locale.ROOT, "Capacity improved for %s [%s]: %s %s, baseline %s (%+.2f%%)",
            key, hash, what, Numbers.format(current), Numbers.format(baseline), changePercent());
        case OK -> String.format(Locale.ROOT, "Capacity unchanged within tolerance for %s [%s]: %s %s, baseline %s (%+.2f%%)",
            key, hash, what, Numbers.format(current), Numbers.format(baseline), changePercent());
        case NEW -> String.format(Locale.ROOT, "New job (not in the baseline) %s [%s]: %s %s",
            key, hash, what, current == null ? "none" : Numbers.format(current));
        case MISSING -> String.format(Locale.ROOT, "Job in the baseline but not in this study: %s (baseline %s)",
            key, Numbers.format(baseline));
      };
    }
  }

  private BaselineGate() {}

  /** Regressed first, then improved, new, missing, unchanged; within each, by job key. */
  public static List<Comparison> compare(StudyResults results, Baseline baseline, double tolerance) {
    List<Comparison> out = new ArrayList<>();
    Map<String, Double> base = baseline.capacities();
    Set<String> seen = new TreeSet<>();
    for (JobResult j : results.jobs()) {
      if ("none".equals(j.unit())) {
        continue;
      }
      seen.add(j.key());
      Double b = base.get(j.key());
      Double c = j.capacity();
      Verdict v;
      if (b == null) {
        v = Verdict.NEW;
      } else if (c == null) {
        v = Verdict.REGRESSED;
      } else {
        double worse = j.higherIsBetter() ? b - c : c - b;
        double margin = Math.abs(b) * tolerance;
        if (worse > margin) {
          v = Verdict.REGRESSED;
        } else if (-worse > margin) {
          v = Verdict.IMPROVED;
        } else {
          v = Verdict.OK;
        }
      }
      out.add(new Comparison(j.key(), j.hash(), b, c, j.unit(), v));
    }
    for (Map.Entry<String, Double> e : base.entrySet()) {
      if (!seen.contains(e.getKey())) {
        out.add(new Comparison(e.getKey(), "", e.getValue(), null, "qps", Verdict.MISSING));
      }
    }
    out.sort(Comparator.comparing((Comparison c) -> c.verdict().ordinal()).thenComparing(Comparison::key));
    return out;
  }
}
