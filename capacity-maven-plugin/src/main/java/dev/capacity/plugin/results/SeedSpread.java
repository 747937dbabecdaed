package dev.capacity.plugin.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much each job's gated value moved over several arrival seeds ({@code capacity.seeds=N}): the
 * same study run with seed, seed+1, ... The values are what the gate reads ({@link BaselineGate#gated}),
 * so the spread is measured in the unit the gate compares.
 *
 * @param seeds the seeds, in the order run; the first is the one whose results are the study's
 * @param jobs per job key, its values and spread; a job of the first run absent from no run
 */
public record SeedSpread(List<Long> seeds, Map<String, Job> jobs) {
  public SeedSpread {
    seeds = List.copyOf(seeds);
    jobs = new TreeMap<>(jobs);
  }

  /**
   * One job over the seeds.
   *
   * @param values the gated value per seed, in seed order; null where that seed's search found none
   * @param min smallest value found (null when no seed found one)
   * @param max largest value found
   * @param mean mean of the values found
   * @param stddev population standard deviation of the values found
   * @param relativeRange (max - min) / mean: the share a run may move by noise alone; 0 for one value
   */
  public record Job(List<Double> values, Double min, Double max, Double mean, Double stddev,
      Double relativeRange) {
    public Job {
      values = java.util.Collections.unmodifiableList(new ArrayList<>(values)); // nulls allowed
    }

    static Job of(List<Double> values) {
      List<Double> found = values.stream().filter(v -> v != null).toList();
      if (found.isEmpty()) {
        return new Job(values, null, null, null, null, null);
      }
      double min = found.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      double max = found.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      double mean = found.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double var = found.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / found.size();
      return new Job(values, min, max, mean, round(Math.sqrt(var)), mean == 0 ? 0 : round((max - min) / mean));
    }

    /** Values found / seeds run, e.g. "3/3". */
    public String foundOf() {
      return values.stream().filter(v -> v != null).count() + "/" + values.size();
    }
  }

  /**
   * The spread of every job of {@code runs.get(0)} over the runs (one per seed, same study otherwise).
   */
  public static SeedSpread of(List<Long> seeds, List<StudyResults> runs) {
    if (seeds.size() != runs.size() || runs.isEmpty()) {
      throw new IllegalArgumentException(seeds.size() + " seeds for " + runs.size() + " runs");
    }
    List<Map<String, JobResult>> byKey = new ArrayList<>();
    for (StudyResults r : runs) {
      Map<String, JobResult> m = new LinkedHashMap<>();
      r.jobs().forEach(j -> m.put(j.key(), j));
      byKey.add(m);
    }
    Map<String, Job> jobs = new TreeMap<>();
    for (JobResult j : runs.get(0).jobs()) {
      List<Double> values = new ArrayList<>();
      for (Map<String, JobResult> m : byKey) {
        JobResult same = m.get(j.key());
        values.add(same == null ? null : BaselineGate.gated(same));
      }
      jobs.put(j.key(), Job.of(values));
    }
    return new SeedSpread(seeds, jobs);
  }

  /** The relative range of a job, or 0 when it has none (unknown key, no value). */
  public double relativeRange(String key) {
    Job j = jobs.get(key);
    return j == null || j.relativeRange() == null ? 0 : j.relativeRange();
  }

  /** 12 significant digits: the bytes of results.json must not depend on floating-point noise. */
  private static double round(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(12)).doubleValue();
  }
}
