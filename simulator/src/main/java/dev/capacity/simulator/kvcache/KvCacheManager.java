package dev.capacity.simulator.kvcache;

import java.util.Arrays;

/**
 * One replica's paged KV cache with optional prefix caching, after vLLM v1's block manager
 * (reference §4.3-§4.6). Blocks hold {@code blockSize} tokens. Unreferenced blocks sit in a free queue:
 * allocation takes from the head, freeing appends at the tail, and a cached block keeps its hash until it
 * is taken for reuse, which makes eviction least-recently-used. Requests are addressed by id; their block
 * hashes come from the workload's flat hash array.
 *
 * <p>Everything is primitive arrays: admission and router probes run once per request per replica.
 */
public final class KvCacheManager {
  private static final int NONE = -1;

  private final int numBlocks;
  private final int blockSize;
  private final boolean prefixCaching;
  private final int preallocateBlocks;
  private final long[] hashes;

  private final int[] refCount;
  private final long[] blockHash;
  private final boolean[] hashed;
  /** Next block with the same hash, in insertion order (the map points at the earliest). */
  private final int[] sameHashNext;
  private final int[] prev;
  private final int[] next;
  private int head;
  private int tail;
  private int freeCount;
  private final LongIntHashMap cached;

  private int[][] owned;
  private int[] ownedCount;
  private int[] registered;

  private int[] hitScratch = new int[256];

  /** Hit statistics of admissions (router probes are not counted, unlike the reference's H8). */
  private long admissions;
  private long admittedPromptTokens;
  private long hitTokens;

  /**
   * @param hashes the workload's flat block-hash array, or null when the trace has none (then nothing is
   *     ever cached)
   * @param numRequests request ids are 0..numRequests-1
   */
  public KvCacheManager(
      int numBlocks, int blockSize, boolean prefixCaching, int preallocateTokens, long[] hashes, int numRequests) {
    if (numBlocks <= 0) {
      throw new IllegalArgumentException("numBlocks must be positive: " + numBlocks);
    }
    this.numBlocks = numBlocks;
    this.blockSize = blockSize;
    this.prefixCaching = prefixCaching && hashes != null;
    this.preallocateBlocks = (preallocateTokens + blockSize - 1) / blockSize;
    this.hashes = hashes;
    refCount = new int[numBlocks];
    blockHash = new long[numBlocks];
    hashed = new boolean[numBlocks];
    sameHashNext = new int[numBlocks];
    prev = new int[numBlocks];
    next = new int[numBlocks];
    for (int b = 0; b < numBlocks; b++) {
      prev[b] = b - 1;
      next[b] = b + 1 < numBlocks ? b + 1 : NONE;
      sameHashNext[b] = NONE;
    }
    head = 0;
    tail = numBlocks - 1;
    freeCount = numBlocks;
    cached = new LongIntHashMap(this.prefixCaching ? Math.min(numBlocks, 1 << 16) : 16);
    owned = new int[numRequests][];
    ownedCount = new int[numRequests];
    registered = new int[numRequests];
  }

  public int numBlocks() { return numBlocks; }
  public int blockSize() { return blockSize; }
  public int numFreeBlocks() { return freeCount; }
  public int numUsedBlocks() { return numBlocks - freeCount; }
  public boolean prefixCachingEnabled() { return prefixCaching; }
  public int ownedBlocks(int request) { return ownedCount[request]; }

  /**
   * Longest cached prefix of a request's hash chain, in blocks, at most {@code maxBlocks}. Read-only: a
   * router may probe every replica without changing any cache state.
   */
  public int countHitBlocks(int hashStart, int hashCount, int maxBlocks) {
    if (!prefixCaching) {
      return 0;
    }
    int limit = Math.min(hashCount, maxBlocks);
    int n = 0;
    while (n < limit && cached.get(hashes[hashStart + n]) != NONE) {
      n++;
    }
    return n;
  }

  /**
   * Looks up the hit blocks for an admission and keeps them for the following {@link #allocate} call.
   * Returns the number of hit blocks.
   */
  public int lookupHits(int hashStart, int hashCount, int maxBlocks) {
    if (!prefixCaching) {
      return 0;
    }
    int limit = Math.min(hashCount, maxBlocks);
    if (hitScratch.length < limit) {
      hitScratch = new int[Math.max(limit, hitScratch.length * 2)];
    }
    int n = 0;
    while (n < limit) {
      int b = cached.get(hashes[hashStart + n]);
      if (b == NONE) {
        break;
      }
      hitScratch[n++] = b;
    }
    return n;
  }

  /**
   * Allocates KV slots for {@code newTokens} more tokens of a request that has {@code processed} tokens
   * in cache, taking the first {@code numHits} blocks found by the last {@link #lookupHits} (reference
   * §4.5). Returns false, changing nothing, when the free blocks (less evictable hit blocks) are too few.
   */
  public boolean allocate(int request, int processed, int newTokens, int numHits, int hashStart, int hashCount) {
    return allocate(request, processed, newTokens, numHits, hashStart, hashCount, 0);
  }

  /**
   * Like {@link #allocate(int, int, int, int, int, int)}, but makes the request own blocks for at least
   * {@code reserveTokens} tokens in total (schedulers that reserve a request's whole sequence at admission:
   * orca, faster_transformer). Only blocks full after the {@code newTokens} scheduled now get their hashes
   * registered; the reserved rest is registered by later calls as its tokens are scheduled, so blocks of
   * output not yet generated are never hittable.
   */
  public boolean allocate(
      int request, int processed, int newTokens, int numHits, int hashStart, int hashCount, int reserveTokens) {
    int computed = processed + numHits * blockSize;
    int required = ceilDiv(Math.max(computed + newTokens, reserveTokens), blockSize);
    int need = required - ownedCount[request] - numHits;
    int evictableHits = 0;
    for (int i = 0; i < numHits; i++) {
      if (refCount[hitScratch[i]] == 0) {
        evictableHits++;
      }
    }
    if (need > freeCount - evictableHits) {
      return false;
    }
    for (int i = 0; i < numHits; i++) {
      int b = hitScratch[i];
      if (refCount[b] == 0) {
        unlink(b);
      }
      refCount[b]++;
      own(request, b);
    }
    if (need > 0) {
      int take = Math.min(need + preallocateBlocks, freeCount);
      for (int i = 0; i < take; i++) {
        int b = head;
        unlink(b);
        if (hashed[b]) {
          uncache(b);
        }
        refCount[b] = 1;
        own(request, b);
      }
    }
    if (prefixCaching) {
      if (registered[request] < numHits) {
        registered[request] = numHits;
      }
      int full = Math.min((computed + newTokens) / blockSize, hashCount);
      for (int i = registered[request]; i < full; i++) {
        register(owned[request][i], hashes[hashStart + i]);
      }
      if (full > registered[request]) {
        registered[request] = full;
      }
    }
    return true;
  }

  /** Among the first {@code numHits} blocks of the last {@link #lookupHits}, those no request holds (they
   * count as free, and taking them as hits removes them from the free queue). */
  public int evictableHits(int numHits) {
    int n = 0;
    for (int i = 0; i < numHits; i++) {
      if (refCount[hitScratch[i]] == 0) {
        n++;
      }
    }
    return n;
  }

  /** Extra blocks an allocation that needs any block grabs on top (preallocated tokens, rounded up). */
  public int preallocateBlocks() { return preallocateBlocks; }

  /** Records an admission's prompt length and hit, for the per-replica hit ratio. */
  public void recordAdmission(int promptTokens, int hitTokens) {
    admissions++;
    admittedPromptTokens += promptTokens;
    this.hitTokens += hitTokens;
  }

  public long admissions() { return admissions; }
  public long admittedPromptTokens() { return admittedPromptTokens; }
  public long hitTokens() { return hitTokens; }

  /** Releases a request's blocks, suffix first, so its prefix blocks stay cached longest (§4.6). */
  public void free(int request) {
    int[] blocks = owned[request];
    for (int i = ownedCount[request] - 1; i >= 0; i--) {
      int b = blocks[i];
      if (--refCount[b] == 0) {
        append(b);
      }
    }
    ownedCount[request] = 0;
    registered[request] = 0;
  }

  private void own(int request, int b) {
    int[] blocks = owned[request];
    int n = ownedCount[request];
    if (blocks == null) {
      blocks = new int[16];
      owned[request] = blocks;
    } else if (n == blocks.length) {
      blocks = Arrays.copyOf(blocks, n * 2);
      owned[request] = blocks;
    }
    blocks[n] = b;
    ownedCount[request] = n + 1;
  }

  private void register(int b, long hash) {
    if (hashed[b]) {
      return;
    }
    hashed[b] = true;
    blockHash[b] = hash;
    sameHashNext[b] = NONE;
    int first = cached.get(hash);
    if (first == NONE) {
      cached.put(hash, b);
    } else {
      int last = first;
      while (sameHashNext[last] != NONE) {
        last = sameHashNext[last];
      }
      sameHashNext[last] = b;
    }
  }

  private void uncache(int b) {
    long hash = blockHash[b];
    int first = cached.get(hash);
    if (first == b) {
      if (sameHashNext[b] == NONE) {
        cached.remove(hash);
      } else {
        cached.put(hash, sameHashNext[b]);
      }
    } else {
      int p = first;
      while (p != NONE && sameHashNext[p] != b) {
        p = sameHashNext[p];
      }
      if (p != NONE) {
        sameHashNext[p] = sameHashNext[b];
      }
    }
    hashed[b] = false;
    sameHashNext[b] = NONE;
  }

  private void unlink(int b) {
    int p = prev[b];
    int n = next[b];
    if (p == NONE) {
      head = n;
    } else {
      next[p] = n;
    }
    if (n == NONE) {
      tail = p;
    } else {
      prev[n] = p;
    }
    prev[b] = NONE;
    next[b] = NONE;
    freeCount--;
  }

  private void append(int b) {
    prev[b] = tail;
    next[b] = NONE;
    if (tail == NONE) {
      head = b;
    } else {
      next[tail] = b;
    }
    tail = b;
    freeCount++;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
