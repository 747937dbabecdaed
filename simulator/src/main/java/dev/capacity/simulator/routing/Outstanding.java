package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/**
 * The counters of the router-side load scorers ({@link LoadScorers}: {@code lor} and the LOP family,
 * reference §2.4-§2.7): per replica, the work routed there and not yet finished (requests, or prompt
 * tokens), and the imbalance criterion of {@code lop_uncached}. The choice among replicas is the
 * picker's ({@link Pickers}).
 *
 * <p>Deliberate differences from the reference, common to every router that uses this class:
 *
 * <ul>
 *   <li>What was added for a request is remembered per request id in a growable primitive array and
 *       zeroed when it is taken back: two ints per request id (O(requests), grown by doubling), no live
 *       entry for finished requests, where the reference keeps a (request, replica) hit memo forever
 *       (O(requests × replicas), its H3). The per-replica cache probes of one routing decision live in a
 *       scratch array and are never reused for a later decision.
 *   <li>A request's decrement is exactly what was added for it, on the replica it was added to (the
 *       reference re-reads P at prefill end, which a restart may have changed: its H9 drift). So after a
 *       run in which every request completes, every counter is back to zero.
 *   <li>Requests that never finish (time limit) simply stay counted, as in the reference.
 * </ul>
 *
 * <p>Nothing here allocates per request: the imbalance of every candidate is computed in O(R) from the
 * two largest and two smallest counters, into reused scratch arrays.
 */
final class Outstanding {
  private final ClusterView cluster;
  private final int numReplicas;
  private final long[] pending;

  /** Scratch for the request being routed: its uncached prompt tokens on each replica. */
  private final int[] uncached;
  /** Scratch: imbalance(c) of placing the request being routed on replica c. */
  private final long[] imbalance;

  /** By request id: amount added and still outstanding (0 = nothing), and the replica it was added to. */
  private int[] chargedAmount = new int[1024];
  private int[] chargedReplica = new int[1024];

  Outstanding(ClusterView cluster) {
    this.cluster = cluster;
    this.numReplicas = cluster.numReplicas();
    this.pending = new long[numReplicas];
    this.uncached = new int[numReplicas];
    this.imbalance = new long[numReplicas];
  }

  int numReplicas() {
    return numReplicas;
  }

  long pending(int replica) {
    return pending[replica];
  }

  /** A copy of the counters. */
  long[] snapshot() {
    return pending.clone();
  }

  /** Probes every replica's prefix cache for {@code request}: {@link #uncached(int)} is then P - hit. */
  void probeUncached(Request request) {
    int p = request.prefillTokens();
    for (int i = 0; i < numReplicas; i++) {
      uncached[i] = p - cluster.cachedPrefillTokens(i, request);
    }
  }

  /** The uncached prompt tokens of the request last probed, on {@code replica}. */
  int uncached(int replica) {
    return uncached[replica];
  }

  /**
   * For every candidate c: imbalance(c) = max(v) - min(v) where v is the counters with the last probed
   * request's uncached tokens added on c only (reference §2.6). Returns the smallest imbalance.
   */
  long computeImbalances() {
    // largest two and smallest two counters, with the index of the extreme one
    long max1 = Long.MIN_VALUE;
    long max2 = Long.MIN_VALUE;
    long min1 = Long.MAX_VALUE;
    long min2 = Long.MAX_VALUE;
    int maxAt = -1;
    int minAt = -1;
    for (int i = 0; i < numReplicas; i++) {
      long v = pending[i];
      if (v > max1) {
        max2 = max1;
        max1 = v;
        maxAt = i;
      } else if (v > max2) {
        max2 = v;
      }
      if (v < min1) {
        min2 = min1;
        min1 = v;
        minAt = i;
      } else if (v < min2) {
        min2 = v;
      }
    }
    long best = Long.MAX_VALUE;
    for (int c = 0; c < numReplicas; c++) {
      long placed = pending[c] + uncached[c];
      long maxOthers = c == maxAt ? max2 : max1;
      long minOthers = c == minAt ? min2 : min1;
      long imb = Math.max(maxOthers, placed) - Math.min(minOthers, placed);
      imbalance[c] = imb;
      if (imb < best) {
        best = imb;
      }
    }
    return best;
  }

  /** imbalance(c) from the last {@link #computeImbalances()}. */
  long imbalance(int replica) {
    return imbalance[replica];
  }

  /** Adds {@code amount} units for {@code request} on {@code replica}, remembering both. */
  void add(Request request, int replica, int amount) {
    int id = request.id();
    if (id >= chargedAmount.length) {
      int size = Math.max(id + 1, chargedAmount.length * 2);
      chargedAmount = Arrays.copyOf(chargedAmount, size);
      chargedReplica = Arrays.copyOf(chargedReplica, size);
    }
    chargedAmount[id] += amount;
    chargedReplica[id] = replica;
    pending[replica] += amount;
  }

  /** Takes back whatever is still outstanding for {@code request} (nothing if already taken back). */
  void remove(Request request) {
    removeAtMost(request, Integer.MAX_VALUE);
  }

  /** Takes back at most {@code max} of what is outstanding for {@code request}; returns the amount taken. */
  int removeAtMost(Request request, int max) {
    int id = request.id();
    if (id >= chargedAmount.length) {
      return 0;
    }
    int take = Math.min(chargedAmount[id], max);
    if (take > 0) {
      chargedAmount[id] -= take;
      pending[chargedReplica[id]] -= take;
    }
    return take;
  }
}
