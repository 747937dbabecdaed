package dev.capacity.plugin.results;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job keys as they were before a qps or isoqps search's part named its replica count
 * ({@code _searchqps_q1_reqs300}, now {@code _searchqps_r2_q1_reqs300}). A baseline recorded then still
 * gates the job it meant when exactly one job of the study has that old key.
 */
public final class LegacyKeys {
  /** The search part ends every key; qps values print without '_' (Python floats). */
  private static final Pattern SEARCH = Pattern.compile("_search(qps|isoqps)_r\\d+_q([^_]+)_reqs(\\d+)$");

  private LegacyKeys() {}

  /** The key without its replica count; the key itself for replica searches and keys of other forms. */
  public static String of(String key) {
    Matcher m = SEARCH.matcher(key);
    return m.find() ? key.substring(0, m.start()) + "_search" + m.group(1) + "_q" + m.group(2) + "_reqs"
        + m.group(3) : key;
  }

  /**
   * Old key -> the one current key it stands for, for old keys that differ from every current key and
   * belong to exactly one job (two jobs differing only in num_replicas share an old key: ambiguous).
   */
  public static Map<String, String> unambiguous(List<String> keys) {
    Map<String, String> byOld = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (String k : keys) {
      String old = of(k);
      if (!old.equals(k)) {
        byOld.put(old, k);
        count.merge(old, 1, Integer::sum);
      }
    }
    java.util.Set<String> current = new java.util.HashSet<>(keys);
    byOld.keySet().removeIf(old -> count.get(old) > 1 || current.contains(old));
    return byOld;
  }
}
