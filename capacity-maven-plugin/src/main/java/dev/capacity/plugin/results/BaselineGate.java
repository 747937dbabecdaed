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
 * baseline by more than the tolerance (relative): lower for QPS searches and isoqps, higher for replica
 * searches; a job that had a capacity and now has none regresses too.
 *
 * <p>An isoqps job has no search, so its gated value is the highest QPS up to which every probe passed
 * (its multipliers in increasing order; none when the lowest fails). Any probe turning from pass to
 * fail at or below the baseline's QPS lowers it, so it regresses. Not caught: a probe above a failing
 * one (non-monotone latencies) turning from pass to fail, which the value never counted.
 *
 * <p>Beyond per-job verdicts ({@link Findings}): a baseline that matches none of the study's jobs fails
 * (it gates nothing), and jobs without a baseline value fail when the build asks for a complete one.
 */
public final class BaselineGate {
  public enum Verdict { REGRESSED, IMPROVED, NEW, MISSING, OK }

  /** Keys listed per side in a message before "... and N more". */
  static final int LISTED = 10;

  /**
   * One job's comparison; {@code current} or {@code baseline} null for missing / new jobs, or a job
   * without capacity ({@code note} says why). {@code noise}: the job's relative seed spread when the gate
   * required a regression to exceed it ({@code capacity.gateOnNoise}), else null.
   */
  public record Comparison(String key, String hash, Double baseline, Double current, String unit, Verdict verdict,
      String note, Double noise, String baselineKey) {
    public Comparison(String key, String hash, Double baseline, Double current, String unit, Verdict verdict) {
      this(key, hash, baseline, current, unit, verdict, null, null, null);
    }

    public Comparison(String key, String hash, Double baseline, Double current, String unit, Verdict verdict,
        String note) {
      this(key, hash, baseline, current, unit, verdict, note, null, null);
    }

    /** The baseline had this job under its key without the replica count ({@link LegacyKeys}). */
    public boolean matchedLegacyKey() {
      return baselineKey != null && !baselineKey.equals(key);
    }

    public double changePercent() {
      return baseline == null || current == null || baseline == 0 ? 0 : (current - baseline) / baseline * 100;
    }

    /** The relative change this job was allowed: the tolerance, or its seed spread when larger. */
    public double allowed(double tolerance) {
      return noise == null ? tolerance : Math.max(tolerance, noise);
    }

    public String describe(double tolerance) {
      String what = what(unit);
      String allowance = noise != null && noise > tolerance
          ? String.format(Locale.ROOT, "tolerance %.2f%%, seed spread %.2f%%", tolerance * 100, noise * 100)
          : String.format(Locale.ROOT, "tolerance %.2f%%", tolerance * 100);
      return switch (verdict) {
        case REGRESSED -> current == null
            ? String.format(Locale.ROOT, "Capacity regressed for %s [%s]: %s none (%s), baseline %s",
                key, hash, what, note == null ? "no capacity" : note, Numbers.format(baseline))
            : String.format(Locale.ROOT,
                "Capacity regressed for %s [%s]: %s %s %s baseline %s (%+.2f%%, %s)",
                key, hash, what, Numbers.format(current), "replicas".equals(unit) ? ">" : "<",
                Numbers.format(baseline), changePercent(), allowance);
        case IMPROVED -> String.format(Locale.ROOT, "Capacity improved for %s [%s]: %s %s, baseline %s (%+.2f%%)",
            key, hash, what, Numbers.format(current), Numbers.format(baseline), changePercent());
        case OK -> String.format(Locale.ROOT, "Capacity unchanged within %s for %s [%s]: %s %s, baseline %s (%+.2f%%)",
            noise != null && noise > tolerance ? "seed spread" : "tolerance",
            key, hash, what, Numbers.format(current), Numbers.format(baseline), changePercent());
        case NEW -> String.format(Locale.ROOT, "New job (not in the baseline) %s [%s]: %s %s",
            key, hash, what, current == null ? "none" + (note == null ? "" : " (" + note + ")")
                : Numbers.format(current));
        case MISSING -> String.format(Locale.ROOT, "Job in the baseline but not in this study: %s (baseline %s)",
            key, Numbers.format(baseline));
      };
    }
  }

  private BaselineGate() {}

  /** "max QPS", "min replicas", or for isoqps the highest QPS with every probe up to it passing. */
  static String what(String unit) {
    return switch (unit) {
      case "replicas" -> "min replicas";
      case "isoqps" -> "isoqps passing up to QPS";
      default -> "max QPS";
    };
  }

  /** The unit a job is gated in: its search's, or "isoqps". */
  public static String unit(JobResult j) {
    return "none".equals(j.unit()) ? "isoqps" : j.unit();
  }

  /**
   * The value the gate compares and {@code capacity:update-baseline} records: the job's capacity, or
   * for isoqps the highest QPS up to which every probe passed; null when there is none.
   */
  public static Double gated(JobResult j) {
    if (!"none".equals(j.unit())) {
      return j.capacity();
    }
    if (j.error() != null) {
      return null;
    }
    Double best = null;
    List<ProbeSummary> byQps = j.probes().stream().sorted(Comparator.comparingDouble(ProbeSummary::qps)).toList();
    for (ProbeSummary p : byQps) {
      if (!p.passed()) {
        break;
      }
      best = p.qps();
    }
    return best;
  }

  /**
   * Regressed first, then improved, new, missing, unchanged; within each, by job key. A baseline entry
   * under a job's key from before replica counts were part of it ({@link LegacyKeys}) gates that job
   * when no other job shares the old key ({@link Comparison#matchedLegacyKey()}).
   */
  public static List<Comparison> compare(StudyResults results, Baseline baseline, double tolerance) {
    return compare(results, baseline, tolerance, Map.of());
  }

  /**
   * As {@link #compare(StudyResults, Baseline, double)}, a job's change counting only beyond the larger of
   * the tolerance and its relative seed spread in {@code noise} (jobs not in it: the tolerance alone).
   */
  public static List<Comparison> compare(StudyResults results, Baseline baseline, double tolerance,
      Map<String, Double> noise) {
    List<Comparison> out = new ArrayList<>();
    Map<String, Double> base = baseline.capacities();
    Set<String> seen = new TreeSet<>();
    Map<String, String> legacy = LegacyKeys.unambiguous(results.jobs().stream().map(JobResult::key).toList());
    Map<String, String> legacyOf = new java.util.HashMap<>();
    legacy.forEach((old, current) -> {
      if (base.containsKey(old) && !base.containsKey(current)) {
        legacyOf.put(current, old);
      }
    });
    for (JobResult j : results.jobs()) {
      seen.add(j.key());
      String baselineKey = legacyOf.getOrDefault(j.key(), j.key());
      seen.add(baselineKey);
      Double b = base.get(baselineKey);
      Double c = gated(j);
      String note = j.statusReason() != null ? j.statusReason()
          : j.error() != null ? "search failed: " + j.error()
          : c == null && "none".equals(j.unit()) ? "isoqps: the lowest QPS failed" : null;
      Verdict v;
      if (b == null) {
        v = Verdict.NEW;
      } else if (c == null) {
        v = Verdict.REGRESSED; // had a capacity, now none
      } else {
        double worse = j.higherIsBetter() ? b - c : c - b;
        Double spread = noise.get(j.key());
        double margin = Math.abs(b) * (spread == null ? tolerance : Math.max(tolerance, spread));
        if (worse > margin) {
          v = Verdict.REGRESSED;
        } else if (-worse > margin) {
          v = Verdict.IMPROVED;
        } else {
          v = Verdict.OK;
        }
      }
      out.add(new Comparison(j.key(), j.hash(), b, c, unit(j), v, note, noise.get(j.key()),
          b == null ? null : baselineKey));
    }
    for (Map.Entry<String, Double> e : base.entrySet()) {
      if (!seen.contains(e.getKey())) {
        out.add(new Comparison(e.getKey(), "", e.getValue(), null, "qps", Verdict.MISSING));
      }
    }
    out.sort(Comparator.comparing((Comparison c) -> c.verdict().ordinal()).thenComparing(Comparison::key));
    return out;
  }

  /**
   * The log line for baseline entries matched by their key without the replica count, or null when
   * there are none: what happened and what to run.
   */
  public static String legacyNote(List<Comparison> comparisons) {
    List<Comparison> legacy = comparisons.stream().filter(Comparison::matchedLegacyKey).toList();
    if (legacy.isEmpty()) {
      return null;
    }
    Comparison first = legacy.get(0);
    int n = legacy.size();
    return "capacity: " + n + " baseline entr" + (n == 1 ? "y has" : "ies have") + " a job key from before keys"
        + " named num_replicas (" + tail(first.baselineKey()) + " is now " + tail(first.key()) + "); each gated the"
        + " one job it can mean. Run mvn capacity:update-baseline to rewrite the keys";
  }

  private static String tail(String key) {
    int i = key.lastIndexOf("_search");
    return i < 0 ? key : "..." + key.substring(i);
  }

  /** The comparisons by what the build does with them. */
  public record Findings(List<Comparison> regressed, List<Comparison> improved, List<Comparison> fresh,
      List<Comparison> stale, int ok) {

    public static Findings of(List<Comparison> comparisons) {
      List<Comparison> regressed = new ArrayList<>();
      List<Comparison> improved = new ArrayList<>();
      List<Comparison> fresh = new ArrayList<>();
      List<Comparison> stale = new ArrayList<>();
      int ok = 0;
      for (Comparison c : comparisons) {
        switch (c.verdict()) {
          case REGRESSED -> regressed.add(c);
          case IMPROVED -> improved.add(c);
          case NEW -> fresh.add(c);
          case MISSING -> stale.add(c);
          case OK -> ok++;
        }
      }
      return new Findings(List.copyOf(regressed), List.copyOf(improved), List.copyOf(fresh),
          List.copyOf(stale), ok);
    }

    /** No job of the study is in the baseline (every key changed, or another study's baseline). */
    public boolean noneMatched() {
      return regressed.isEmpty() && improved.isEmpty() && ok == 0;
    }

    /** Jobs with a value to record that the baseline lacks (jobs without one have nothing to record). */
    public List<Comparison> lackingValues() {
      return fresh.stream().filter(c -> c.current() != null).toList();
    }

    /** One line per unmatched key on each side, each side clipped to {@value #LISTED}. */
    public List<String> unmatchedLines() {
      return unmatchedLines("the baseline", "baseline entry");
    }

    /**
     * As {@link #unmatchedLines()}, naming the reference ("the compared results", "compared job").
     */
    public List<String> unmatchedLines(String reference, String entry) {
      List<String> out = new ArrayList<>();
      out.addAll(Lines.clip(fresh.stream().map(c -> "study job not in " + reference + ": " + c.key() + " ["
          + c.hash() + "]").toList(), LISTED));
      out.addAll(Lines.clip(stale.stream().map(c -> entry + " not in the study: " + c.key()).toList(), LISTED));
      return out;
    }

    /** "3 job(s) within 2.00% of the baseline, 0 regressed, 1 improved, 2 new, 0 not in the study". */
    public String summary(double tolerance) {
      return String.format(Locale.ROOT,
          "%d job(s) within %.2f%% of the baseline, %d regressed, %d improved, %d new, %d not in the study",
          ok, tolerance * 100, regressed.size(), improved.size(), fresh.size(), stale.size());
    }
  }
}
