package dev.capacity.plugin.report;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.Numbers;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.study.MetricAtQuantile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's first screen in plain sentences, per group of comparable jobs: the best configuration
 * with its capacity, the runner-up and the margin, regressions against the baseline, why jobs without a
 * capacity have none, and with a target QPS the cheapest configuration meeting it. Plain text: the
 * HTML report escapes it, the site report hands it to Doxia.
 */
public final class Answers {
  private Answers() {}

  /**
   * @param comparisons the gate's comparisons by job key, empty without a baseline
   * @param targetQps the study's {@code target_qps}, or null
   */
  public static List<String> of(JobGroups.Group group, Map<String, BaselineGate.Comparison> comparisons,
      Double targetQps) {
    List<String> out = new ArrayList<>();
    List<JobResult> ranked = ranked(group.jobs());
    boolean replicas = group.jobs().stream().anyMatch(j -> "replicas".equals(j.unit()));
    if (ranked.isEmpty()) {
      boolean isoqps = group.jobs().stream().allMatch(j -> "none".equals(j.unit()) && j.error() == null);
      out.add(isoqps ? "isoqps: no search, so no capacity to compare; each probe's verdict is under Searches."
          : "No configuration has a capacity.");
    } else {
      JobResult best = ranked.get(0);
      StringBuilder s = new StringBuilder("Best: ").append(label(best)).append(", ").append(capacityText(best));
      if (ranked.size() > 1) {
        JobResult next = ranked.get(1);
        s.append(". Runner-up: ").append(label(next)).append(", ").append(capacityText(next)).append(": ")
            .append(margin(best, next, replicas));
      } else if (group.jobs().size() > 1) {
        s.append("; the only configuration with a capacity");
      }
      out.add(s.append('.').toString());
      perGpuAndCost(ranked, replicas, out);
    }
    for (JobResult j : group.jobs()) {
      if (j.capacity() == null && !"none".equals(j.unit())) {
        out.add(label(j) + " has no capacity: " + noCapacity(j) + ".");
      }
    }
    regressions(group, comparisons, out);
    if (targetQps != null && !replicas && !ranked.isEmpty()) {
      out.add(target(ranked, targetQps));
    }
    return out;
  }

  /** Jobs with a capacity, best first (study order among equals). */
  static List<JobResult> ranked(List<JobResult> jobs) {
    List<JobResult> with = new ArrayList<>(jobs.stream().filter(j -> j.capacity() != null).toList());
    // replica searches: fewest GPUs first; qps searches: highest QPS first
    with.sort(Comparator.comparingDouble(j -> "replicas".equals(j.unit())
        ? (j.gpus() == null ? j.capacity() : j.gpus()) : -j.capacity()));
    return with;
  }

  /** "lor on 2 x TP1". */
  public static String label(JobResult j) {
    return j.router() + " on " + j.deployment();
  }

  /** "2.94 QPS (1.47 QPS per GPU)" or "4 replicas (8 GPUs)". */
  static String capacityText(JobResult j) {
    if ("replicas".equals(j.unit())) {
      return Numbers.format(j.capacity()) + " replicas" + (j.gpus() == null ? "" : " (" + gpus(j.gpus()) + ")");
    }
    Double perGpu = j.qpsPerGpu();
    return Numbers.format(j.capacity()) + " QPS" + (perGpu == null ? "" : " (" + Metrics.value(perGpu)
        + " QPS per GPU)");
  }

  private static String gpus(int n) {
    return n + (n == 1 ? " GPU" : " GPUs");
  }

  private static String margin(JobResult best, JobResult next, boolean replicas) {
    if (replicas) {
      double b = best.gpus() == null ? best.capacity() : best.gpus();
      double n = next.gpus() == null ? next.capacity() : next.gpus();
      return b == n ? "a tie" : "the best needs " + Metrics.percent((n - b) / n * 100) + " fewer GPUs";
    }
    if (best.capacity().equals(next.capacity())) {
      return "a tie";
    }
    return "the best sustains " + Metrics.percent((best.capacity() - next.capacity()) / next.capacity() * 100)
        + " more";
  }

  /** When GPU counts differ, the best per GPU; with GPU prices, the best per dollar. */
  private static void perGpuAndCost(List<JobResult> ranked, boolean replicas, List<String> out) {
    if (replicas) {
      return;
    }
    List<JobResult> perGpu = ranked.stream().filter(j -> j.qpsPerGpu() != null)
        .sorted(Comparator.comparingDouble(j -> -j.qpsPerGpu())).toList();
    boolean gpusDiffer = ranked.stream().map(JobResult::gpus).distinct().count() > 1;
    if (gpusDiffer && !perGpu.isEmpty() && perGpu.get(0) != ranked.get(0)) {
      out.add("Per GPU the best is " + label(perGpu.get(0)) + ", " + Metrics.value(perGpu.get(0).qpsPerGpu())
          + " QPS per GPU.");
    }
    List<JobResult> perDollar = ranked.stream().filter(j -> j.qpsPerDollarHour() != null)
        .sorted(Comparator.comparingDouble(j -> -j.qpsPerDollarHour())).toList();
    if (!perDollar.isEmpty()) {
      JobResult c = perDollar.get(0);
      out.add("Per dollar the best is " + label(c) + ", " + Metrics.value(c.qpsPerDollarHour()) + " QPS per $/h ($"
          + Metrics.value(c.costPerHour()) + "/h for " + gpus(c.gpus()) + ").");
    }
  }

  /**
   * The cheapest configuration whose capacity reaches the target (by cost per hour when every candidate
   * has a GPU price, else by GPUs), or the highest capacity when none reaches it.
   */
  static String target(List<JobResult> ranked, double targetQps) {
    String t = Numbers.format(targetQps) + " QPS";
    List<JobResult> meeting = ranked.stream().filter(j -> j.capacity() >= targetQps && j.gpus() != null).toList();
    if (meeting.isEmpty()) {
      return "No configuration reaches the target " + t + "; the highest is " + label(ranked.get(0)) + " at "
          + Numbers.format(ranked.get(0).capacity()) + " QPS.";
    }
    boolean priced = meeting.stream().allMatch(j -> j.costPerHour() != null);
    JobResult cheapest = meeting.stream().min(Comparator.comparingDouble(
        j -> priced ? j.costPerHour() : j.gpus())).orElseThrow();
    return (priced ? "Cheapest" : "Fewest GPUs") + " meeting the target " + t + ": " + label(cheapest) + ", "
        + Numbers.format(cheapest.capacity()) + " QPS on " + gpus(cheapest.gpus())
        + (priced ? " at $" + Metrics.value(cheapest.costPerHour()) + "/h" : "") + ".";
  }

  private static void regressions(JobGroups.Group group, Map<String, BaselineGate.Comparison> comparisons,
      List<String> out) {
    if (comparisons.isEmpty()) {
      return;
    }
    List<String> lost = new ArrayList<>();
    for (JobResult j : group.jobs()) {
      BaselineGate.Comparison c = comparisons.get(j.key());
      if (c != null && c.verdict() == BaselineGate.Verdict.REGRESSED) {
        lost.add(label(j) + " " + (c.current() == null ? "has none (baseline " + Numbers.format(c.baseline()) + ")"
            : String.format(Locale.ROOT, "%s → %s, %+.1f%%", Numbers.format(c.baseline()),
                Numbers.format(c.current()), c.changePercent())));
      }
    }
    boolean any = group.jobs().stream().anyMatch(j -> comparisons.containsKey(j.key())
        && comparisons.get(j.key()).baseline() != null);
    if (!lost.isEmpty()) {
      out.add("Regressed against the baseline: " + String.join("; ", lost) + ".");
    } else if (any) {
      out.add("No regression against the baseline.");
    }
  }

  /**
   * Why a job has no capacity, from the probe that decided it: the SLO metrics over their bound at the
   * lowest QPS (qps) or the most replicas (num_replicas) simulated, e.g. "TTFT p90 was 5.1 s > 2 s even at
   * 0.0625 QPS"; the search's own reason when no probe says more.
   */
  public static String noCapacity(JobResult j) {
    if (j.error() != null) {
      return "the search failed: " + j.error();
    }
    boolean replicas = "replicas".equals(j.unit());
    ProbeSummary decisive = j.probes().stream().filter(p -> !p.passed())
        .min(replicas ? Comparator.comparingInt((ProbeSummary p) -> -p.replicas())
            : Comparator.comparingDouble(ProbeSummary::qps))
        .orElse(null);
    boolean anyPassed = j.probes().stream().anyMatch(ProbeSummary::passed);
    if (decisive == null || anyPassed) {
      return j.statusReason() != null ? j.statusReason() : "nothing passed";
    }
    String where = replicas ? " even with " + decisive.replicas() + " replicas"
        : " even at " + Numbers.format(decisive.qps()) + " QPS";
    String q = j.sloQuantile() == null ? "at the SLO's quantile" : Metrics.quantileLabel(j.sloQuantile());
    List<String> over = new ArrayList<>();
    if (decisive.judged() != null) {
      for (MetricAtQuantile m : decisive.judged()) {
        if (!(m.valueAtQuantile() <= m.bound())) {
          over.add(Metrics.shortName(m.metric()) + " " + q + " was " + Metrics.valueWithUnit(m.metric(),
              m.valueAtQuantile()) + " > " + Metrics.value(m.bound()) + " " + Metrics.unit(m.metric()));
        }
      }
    }
    if (over.isEmpty()) {
      // several SLOs judged per request: each metric may be within its bound, the share meeting all is not
      over.add(String.format(Locale.ROOT, "only %.1f%% of requests met the SLO config %s (%s needs %s%%)",
          decisive.passingFraction() * 100, j.slo(), q, j.sloQuantile() == null ? "?"
              : Numbers.format(j.sloQuantile() * 100)));
    }
    return String.join(" and ", over) + where;
  }
}
