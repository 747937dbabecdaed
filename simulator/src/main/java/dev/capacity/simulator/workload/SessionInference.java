package dev.capacity.simulator.workload;

import java.util.HashMap;
import java.util.Map;

/**
 * Infers sessions from 512-block hash chains (rule on {@link TraceReader}): a request continues the session of
 * the earlier request whose whole chain is the longest prefix of its own chain.
 *
 * <p>A trie over chains makes this exact and O(total blocks): node = (parent node, block id), and each node
 * remembers the latest request whose chain ends there. Walking a request's chain visits exactly the nodes of its
 * prefixes, so the deepest remembered node on the walk is the earlier request with the longest whole-chain prefix.
 */
final class SessionInference {
  private SessionInference() {}

  /** Session id per request; chains of request i are {@code chain[offsets[i] .. offsets[i + 1])}. */
  static int[] sessions(long[] chain, int[] offsets, int n) {
    // key: parent node id in the high 32 bits, block id (< 2^32, checked by the reader) in the low 32 bits
    Map<Long, Integer> children = new HashMap<>(chain.length * 2);
    GrowableColumns.Ints lastRequestAt = new GrowableColumns.Ints();
    lastRequestAt.add(-1); // root, the empty chain: never a request of its own
    int[] session = new int[n];
    int nextSession = 0;
    for (int i = 0; i < n; i++) {
      int node = 0;
      int continues = -1;
      for (int b = offsets[i]; b < offsets[i + 1]; b++) {
        long key = ((long) node << 32) | chain[b];
        Integer child = children.get(key);
        if (child == null) {
          child = lastRequestAt.size();
          children.put(key, child);
          lastRequestAt.add(-1);
        }
        node = child;
        if (lastRequestAt.get(node) >= 0) {
          continues = lastRequestAt.get(node); // deeper is longer: the last hit on the walk wins
        }
      }
      session[i] = continues >= 0 ? session[continues] : nextSession++;
      lastRequestAt.set(node, i);
    }
    return session;
  }
}
