package dev.capacity.plugin.study;

import java.util.List;

/**
 * One {@code search_configs[]} item.
 *
 * @param qps start QPS of a qps search, the fixed QPS of a num_replicas search, the base of isoqps
 * @param numReplicas fixed replicas of a qps or isoqps search, start of a num_replicas search
 */
public record SearchConfig(String trace, String model, SearchMode searchFor, int numReplicas,
    YamlNumber qps, int numRequests, List<YamlNumber> qpsMultipliers, Location at, LayoutSpec layout,
    KvTiersSpec kvTiers) {

  public SearchConfig {
    qpsMultipliers = List.copyOf(qpsMultipliers);
  }

  /** A colocated search config (no {@code layout:}). */
  public SearchConfig(String trace, String model, SearchMode searchFor, int numReplicas, YamlNumber qps,
      int numRequests, List<YamlNumber> qpsMultipliers, Location at) {
    this(trace, model, searchFor, numReplicas, qps, numRequests, qpsMultipliers, at, null, null);
  }

  /**
   * {@code num_replicas_r<n>_reqs<m>} when searching replicas, else {@code <search_for>_r<n>_q<qps>_reqs<m>}
   * (isoqps configs differing only in multipliers share it, as in the reference). The replica count is
   * part of every key: the reference's {@code <search_for>_q<qps>_reqs<m>} made "2 x TP1 or 1 x TP2?"
   * collide, so two configs differing only in {@code num_replicas} could not be one study.
   */
  public String key() {
    String tiers = kvTiers == null ? "" : kvTiers.key();
    if (searchFor == SearchMode.NUM_REPLICAS) {
      return "num_replicas_r" + numReplicas + "_reqs" + numRequests + tiers;
    }
    return searchFor.yamlName() + "_r" + numReplicas + "_q" + qps.pythonStr() + "_reqs" + numRequests
        + (layout == null ? "" : layout.key()) + tiers;
  }

  /**
   * The key as the reference (and this plugin before replica counts were part of it) wrote it, so that
   * baselines recorded then still match the job they meant when no other job shares it.
   */
  public String legacyKey() {
    if (searchFor == SearchMode.NUM_REPLICAS) {
      return key();
    }
    return searchFor.yamlName() + "_q" + qps.pythonStr() + "_reqs" + numRequests;
  }

  /** For messages: which config this is. */
  public String describe() {
    return "search config (trace " + trace + ", model " + model + ", search_for "
        + searchFor.yamlName() + ")";
  }
}
