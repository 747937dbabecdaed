package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/**
 * The router's own approximate index of the prompt prefixes it has routed, as llm-d's
 * {@code approx-prefix-cache-producer} keeps it ({@code
 * pkg/epp/framework/plugins/requestcontrol/dataproducer/approximateprefix/} in
 * github.com/llm-d/llm-d-inference-scheduler, commit 520af478: {@code plugin.go}, {@code indexer.go}):
 *
 * <ul>
 *   <li>When a request is routed, each of its prompt block hashes is recorded for the chosen replica in
 *       that replica's LRU of block hashes (an existing entry becomes the most recent), evicting the least
 *       recently recorded beyond the replica's capacity: its KV blocks (llm-d's {@code autoTune} reads
 *       the same number from vLLM's metrics) unless {@code lru_capacity_per_server} is given.
 *   <li>For a request, the blocks are walked in order; for each block every replica holding it counts
 *       one more matched block; the walk stops at the first block no replica holds
 *       ({@code matchLongestPrefix}). Score inputs: matched blocks and the request's total blocks.
 * </ul>
 *
 * <p>It learns only from routing: it does not see what the replicas' caches actually evicted, nor the
 * decode tokens they cached; {@code precise_prefix_cache} reads the replicas' caches instead. Primitive
 * arrays only: an open-addressing table of (hash, replica) nodes with backward-shift deletion, and an
 * intrusive doubly-linked LRU list per replica; nothing is allocated per request once grown.
 */
final class PrefixIndex implements RoutingListener {
  static final String KEY = "approx_prefix_index";

  private final ClusterView cluster;
  private final int[] capacity;
  private final int[] head;
  private final int[] tail;
  private final int[] size;
  /** Matched blocks per replica for {@link #prepared}. */
  private final int[] matched;
  private Request prepared;

  private long[] nodeHash = new long[1024];
  private int[] nodeReplica = new int[1024];
  private int[] prev = new int[1024];
  private int[] next = new int[1024];
  private int nodes;
  private int free = -1;
  private int live;
  /** Node index + 1 per slot, 0 where empty. */
  private int[] table = new int[2048];

  PrefixIndex(ClusterView cluster, int capacityOverride) {
    this.cluster = cluster;
    int n = cluster.numReplicas();
    this.capacity = new int[n];
    for (int r = 0; r < n; r++) {
      capacity[r] = capacityOverride > 0 ? capacityOverride : Math.max(1, cluster.numKvBlocks(r));
    }
    this.head = new int[n];
    this.tail = new int[n];
    this.size = new int[n];
    this.matched = new int[n];
    Arrays.fill(head, -1);
    Arrays.fill(tail, -1);
  }

  /** Walks {@code request}'s blocks against the index (once per request); see the class comment. */
  void prepare(Request request) {
    if (request == prepared) {
      return;
    }
    prepared = request;
    Arrays.fill(matched, 0);
    for (int b = 0, total = request.hashCount(); b < total; b++) {
      long h = cluster.blockHash(request, b);
      boolean any = false;
      for (int r = 0; r < matched.length; r++) {
        if (find(h, r) >= 0) {
          matched[r]++;
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
  }

  /** Matched blocks of the prepared request on {@code replica}, over its total blocks; 0 without blocks. */
  double score(Request request, int replica) {
    prepare(request);
    int total = request.hashCount();
    return total == 0 ? 0.0 : (double) matched[replica] / total;
  }

  @Override
  public void onRouted(Request request, int replica) {
    for (int b = 0, total = request.hashCount(); b < total; b++) {
      long h = cluster.blockHash(request, b);
      int node = find(h, replica);
      if (node >= 0) {
        unlink(node);
      } else {
        node = insert(h, replica);
        size[replica]++;
      }
      append(node);
      if (size[replica] > capacity[replica]) {
        int oldest = head[replica];
        unlink(oldest);
        delete(oldest);
        size[replica]--;
      }
    }
    prepared = null;
  }

  /** Blocks recorded for {@code replica} now (tests). */
  int size(int replica) {
    return size[replica];
  }

  private int slot(long hash, int replica) {
    long x = hash ^ (replica * 0x9E3779B97F4A7C15L);
    x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
    x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (int) (x ^ (x >>> 33)) & (table.length - 1);
  }

  private int find(long hash, int replica) {
    for (int i = slot(hash, replica); table[i] != 0; i = (i + 1) & (table.length - 1)) {
      int n = table[i] - 1;
      if (nodeHash[n] == hash && nodeReplica[n] == replica) {
        return n;
      }
    }
    return -1;
  }

  private int insert(long hash, int replica) {
    if ((live + 1) * 2 > table.length) {
      rehash(table.length * 2);
    }
    int n;
    if (free >= 0) {
      n = free;
      free = next[n];
    } else {
      if (nodes == nodeHash.length) {
        int grown = nodes * 2;
        nodeHash = Arrays.copyOf(nodeHash, grown);
        nodeReplica = Arrays.copyOf(nodeReplica, grown);
        prev = Arrays.copyOf(prev, grown);
        next = Arrays.copyOf(next, grown);
      }
      n = nodes++;
    }
    nodeHash[n] = hash;
    nodeReplica[n] = replica;
    place(n);
    live++;
    return n;
  }

  private void place(int n) {
    int i = slot(nodeHash[n], nodeReplica[n]);
    while (table[i] != 0) {
      i = (i + 1) & (table.length - 1);
    }
    table[i] = n + 1;
  }

  private void rehash(int length) {
    int[] old = table;
    table = new int[length];
    for (int v : old) {
      if (v != 0) {
        place(v - 1);
      }
    }
  }

  /** Removes node {@code n} from the table (backward-shift deletion) and frees it. */
  private void delete(int n) {
    int mask = table.length - 1;
    int i = slot(nodeHash[n], nodeReplica[n]);
    while (table[i] != n + 1) {
      i = (i + 1) & mask;
    }
    table[i] = 0;
    for (int j = (i + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
      int m = table[j] - 1;
      int home = slot(nodeHash[m], nodeReplica[m]);
      // move m back into the hole at i unless its home lies cyclically in (i, j]
      boolean stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        table[i] = table[j];
        table[j] = 0;
        i = j;
      }
    }
    next[n] = free;
    free = n;
    live--;
  }

  private void unlink(int n) {
    int r = nodeReplica[n];
    if (prev[n] >= 0) {
      next[prev[n]] = next[n];
    } else {
      head[r] = next[n];
    }
    if (next[n] >= 0) {
      prev[next[n]] = prev[n];
    } else {
      tail[r] = prev[n];
    }
  }

  /** Makes {@code n} its replica's most recent entry. */
  private void append(int n) {
    int r = nodeReplica[n];
    prev[n] = tail[r];
    next[n] = -1;
    if (tail[r] >= 0) {
      next[tail[r]] = n;
    } else {
      head[r] = n;
    }
    tail[r] = n;
  }
}
