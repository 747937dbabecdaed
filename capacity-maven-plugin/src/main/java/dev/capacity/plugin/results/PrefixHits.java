package dev.capacity.plugin.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;

/**
 * The prefix-cache hits of one probe over the whole cluster: shares of all the prompt tokens the replicas
 * admitted that were found cached, in total and, with KV-cache tiers, by the tier that served them (the
 * simulator's {@code summary.json} {@code prefix_cache_hit_ratio_by_tier}). Recorded only when the
 * probe's trace has prefix caching on; {@code gpu + cpu + pool = total}.
 *
 * @param total hit tokens / admitted prompt tokens (0 when none was admitted)
 * @param gpu the share found in GPU memory; null without KV-cache tiers (then it is {@code total})
 * @param cpu the share loaded from the replicas' CPU tiers; null without a CPU tier
 * @param pool the share loaded from the shared pool; null without a pool
 */
public record PrefixHits(
    double total,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double gpu,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double cpu,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double pool) {

  /**
   * From token counts summed over the replicas.
   *
   * @param tiered whether the replicas had tiers below GPU memory (then {@code gpu} is recorded)
   * @param cpuHit hit tokens loaded from CPU tiers, or null without a CPU tier
   * @param poolHit hit tokens loaded from the pool, or null without a pool
   */
  public static PrefixHits of(long admitted, long hit, boolean tiered, Long cpuHit, Long poolHit) {
    long lower = (cpuHit == null ? 0 : cpuHit) + (poolHit == null ? 0 : poolHit);
    return new PrefixHits(
        share(hit, admitted),
        tiered ? share(hit - lower, admitted) : null,
        cpuHit == null ? null : share(cpuHit, admitted),
        poolHit == null ? null : share(poolHit, admitted));
  }

  private static double share(long tokens, long admitted) {
    return admitted == 0 ? 0.0 : (double) tokens / admitted;
  }

  /** Whether the probe had tiers below GPU memory. */
  public boolean tiered() {
    return gpu != null;
  }

  /**
   * For reports: {@code "7.7 %"}, or by tier {@code "13.2 % (GPU 7.9 + CPU 5.3)"} (each rounded on its
   * own to 0.1 %, so the parts may miss the total by 0.1).
   */
  public String text() {
    return tiered() ? totalText() + " " + tiersText() : totalText();
  }

  /** The total part of {@link #text()}: {@code "13.2 %"}. */
  public String totalText() {
    return percent(total) + " %";
  }

  /** The tiers part of {@link #text()}: {@code "(GPU 7.9 + CPU 5.3)"}; empty without tiers. */
  public String tiersText() {
    if (!tiered()) {
      return "";
    }
    StringBuilder b = new StringBuilder("(GPU ").append(percent(gpu));
    if (cpu != null) {
      b.append(" + CPU ").append(percent(cpu));
    }
    if (pool != null) {
      b.append(" + pool ").append(percent(pool));
    }
    return b.append(')').toString();
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f", share * 100);
  }
}
