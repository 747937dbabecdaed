package dev.capacity.simulator.kvcache;

import java.util.Arrays;

/**
 * One replica's paged KV cache with optional prefix caching, after vLLM v1's block manager
 * (reference §4.3-§4.6). Blocks hold {@code blockSize} tokens. Unreferenced blocks sit in a free queue:
 * allocation takes from the head, freeing appends at the tail, and a cached block keeps its hash until it
 * is taken for reuse, which makes eviction least-recently-used. Requests are addressed by id; their block
 * hashes come from the workload's flat hash array.
 *
 * <p>The free queue is a ring of block ids in append order rather than a linked list: a block taken out of
 * the middle (a hit on a free block) leaves a stale entry behind, recognised later because the block is
 * referenced again or carries a newer stamp. The order of the valid entries is exactly the linked list's,
 * but appending and popping touch the ring sequentially and never a neighbour block's state, which was
 * most of a probe's time with millions of blocks allocated and freed.
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

  /**
   * Per-block state interleaved, {@code meta[8b + STAMP|REF|SAME|SAME_PREV|...]}, so touching a block
   * costs one cache line. SAME / SAME_PREV link blocks holding the same hash, in
   * insertion order; the map points at the earliest (the chain head).
   */
  private final int[] meta;
  /** The ring position of the block's latest free-queue entry; older entries for it are stale. */
  private static final int STAMP = 0;
  private static final int REF = 2;
  private static final int SAME = 3;
  private static final int SAME_PREV = 4;
  /** meta[8b + HASHED] is 1 while the block holds a hash, kept in meta[8b + HASH_LO / HASH_HI]. */
  private static final int HASHED = 5;
  private static final int HASH_LO = 6;
  private static final int HASH_HI = 7;
  /** Free queue: ring[pos & ringMask] for head <= pos < tail (int positions, compared modulo 2^32). */
  private int[] ring;
  private int ringMask;
  private int head;
  private int tail;
  private int freeCount;
  private final BlockIndex cached;

  private int[][] owned;
  private int[] ownedCount;
  private int[] registered;

  private int[] hitScratch = new int[256];
  /** Blocks of the memoised lookup: evicting one invalidates the memo. */
  private final boolean[] pinned;
  private int memoRequest = NONE;
  private int memoLimit;
  private int memoCount;
  private boolean memoInvalid;

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
    boolean tracked = this.prefixCaching;
    // without prefix caching blocks are only counted (allocateCounted), so no per-block state exists
    meta = new int[tracked ? 8 * numBlocks : 0];
    pinned = new boolean[tracked ? numBlocks : 0];
    ring = new int[tracked ? Integer.highestOneBit(Math.max(2, numBlocks)) * 4 : 0];
    ringMask = ring.length - 1;
    for (int b = 0; tracked && b < numBlocks; b++) {
      meta[8 * b + STAMP] = b;
      meta[8 * b + SAME] = NONE;
      meta[8 * b + SAME_PREV] = NONE;
      ring[b] = b;
    }
    head = 0;
    tail = tracked ? numBlocks : 0;
    freeCount = numBlocks;
    cached = this.prefixCaching ? BlockIndex.forHashes(hashes, numBlocks) : null;
    owned = this.prefixCaching ? new int[numRequests][] : null;
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
    while (n < limit && find(hashes[hashStart + n]) != NONE) {
      n++;
    }
    return n;
  }

  /**
   * Looks up the hit blocks for admitting {@code request} and keeps them for the following
   * {@link #allocate} call. Returns the number of hit blocks.
   *
   * <p>A head-of-line request blocked on memory is looked up again every iteration; the last lookup is
   * memoised and only extended (new blocks registered after its last hit) unless one of its hit blocks
   * was evicted since, which keeps the retry O(1) instead of O(prompt blocks).
   */
  public int lookupHits(int request, int hashStart, int hashCount, int maxBlocks) {
    if (!prefixCaching) {
      return 0;
    }
    int limit = Math.min(hashCount, maxBlocks);
    if (hitScratch.length < limit) {
      hitScratch = java.util.Arrays.copyOf(hitScratch, Math.max(limit, hitScratch.length * 2));
    }
    int n;
    if (memoRequest == request && memoLimit == limit && !memoInvalid) {
      n = memoCount;
    } else {
      clearMemo();
      n = 0;
    }
    while (n < limit) {
      int b = find(hashes[hashStart + n]);
      if (b == NONE) {
        break;
      }
      hitScratch[n++] = b;
      pinned[b] = true;
    }
    memoRequest = request;
    memoLimit = limit;
    memoCount = n;
    return n;
  }

  private void clearMemo() {
    for (int i = 0; i < memoCount; i++) {
      pinned[hitScratch[i]] = false;
    }
    memoRequest = NONE;
    memoCount = 0;
    memoInvalid = false;
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
    if (!prefixCaching) {
      return allocateCounted(request, Math.max(processed + newTokens, reserveTokens));
    }
    int computed = processed + numHits * blockSize;
    int required = ceilDiv(Math.max(computed + newTokens, reserveTokens), blockSize);
    int need = required - ownedCount[request] - numHits;
    int evictableHits = 0;
    for (int i = 0; i < numHits; i++) {
      if (meta[8 * hitScratch[i] + REF] == 0) {
        evictableHits++;
      }
    }
    if (need > freeCount - evictableHits) {
      return false;
    }
    for (int i = 0; i < numHits; i++) {
      int b = hitScratch[i];
      if (meta[8 * b + REF] == 0) {
        freeCount--; // its ring entry turns stale as the block is now referenced
      }
      meta[8 * b + REF]++;
      own(request, b);
    }
    if (numHits > 0 || memoRequest == request) {
      clearMemo();
    }
    if (need > 0) {
      int take = Math.min(need + preallocateBlocks, freeCount);
      for (int i = 0; i < take; i++) {
        int b = pollFree();
        if (meta[8 * b + HASHED] != 0) {
          uncache(b);
        }
        meta[8 * b + REF] = 1;
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

  /**
   * Without prefix caching no block has an identity worth tracking: a block is a block. Counting them
   * gives the same admissions and preemptions as the block lists, without touching millions of list nodes.
   */
  private boolean allocateCounted(int request, int tokens) {
    int need = ceilDiv(tokens, blockSize) - ownedCount[request];
    if (need > freeCount) {
      return false;
    }
    if (need > 0) {
      int take = Math.min(need + preallocateBlocks, freeCount);
      freeCount -= take;
      ownedCount[request] += take;
    }
    return true;
  }

  /** Among the first {@code numHits} blocks of the last {@link #lookupHits}, those no request holds (they
   * count as free, and taking them as hits removes them from the free queue). */
  public int evictableHits(int numHits) {
    if (!prefixCaching) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < numHits; i++) {
      if (meta[8 * hitScratch[i] + REF] == 0) {
        n++;
      }
    }
    return n;
  }

  /** Extra blocks an allocation that needs any block grabs on top (preallocated tokens, rounded up). */
  public int preallocateBlocks() { return preallocateBlocks; }

  /**
   * Blocks that one more decode token would take for a request holding {@code processed} tokens: 0 when
   * its owned blocks have room, else the missing blocks (an allocation then also grabs the preallocation,
   * as much as is free). Lets the engine check a run of decode steps without changing anything.
   */
  public int decodeBlocksNeeded(int request, int processed) {
    return Math.max(0, ceilDiv(processed + 1, blockSize) - ownedCount[request]);
  }

  /** Extra blocks an allocation that needs any takes on top, at most what is free then. */
  public int preallocation() {
    return preallocateBlocks;
  }

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
    if (!prefixCaching) {
      freeCount += ownedCount[request];
      ownedCount[request] = 0;
      return;
    }
    int[] blocks = owned[request];
    for (int i = ownedCount[request] - 1; i >= 0; i--) {
      int b = blocks[i];
      if (--meta[8 * b + REF] == 0) {
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

  /**
   * The chain head holding {@code hash}, or NONE. Map entries are left behind when their block is
   * evicted (eviction then costs no map operation); such a stale entry is recognised here because the
   * block no longer holds that hash.
   */
  private int find(long hash) {
    int b = cached.get(hash);
    return b != BlockIndex.MISSING && holds(b, hash) ? b : NONE;
  }

  private boolean holds(int b, long hash) {
    int m = 8 * b;
    return meta[m + HASHED] != 0 && meta[m + HASH_LO] == (int) hash && meta[m + HASH_HI] == (int) (hash >>> 32);
  }

  private boolean hashed(int b) {
    return meta[8 * b + HASHED] != 0;
  }

  private long blockHash(int b) {
    int m = 8 * b;
    return ((long) meta[m + HASH_HI] << 32) | (meta[m + HASH_LO] & 0xFFFFFFFFL);
  }

  private void register(int b, long hash) {
    int m = 8 * b;
    if (meta[m + HASHED] != 0) {
      return;
    }
    meta[m + HASHED] = 1;
    meta[m + HASH_LO] = (int) hash;
    meta[m + HASH_HI] = (int) (hash >>> 32);
    meta[8 * b + SAME] = NONE;
    meta[8 * b + SAME_PREV] = NONE;
    int first = cached.putIfAbsent(hash, b);
    if (first == BlockIndex.MISSING || first == b) {
      return;
    }
    if (!holds(first, hash)) {
      cached.put(hash, b); // stale entry of an evicted block: this block is the new head
      return;
    }
    // a duplicate goes right behind the head, in O(1): lookups only ever see the head (the earliest
    // block, as in the reference), and among duplicates the newest takes over when the head is evicted
    int second = meta[8 * first + SAME];
    meta[8 * first + SAME] = b;
    meta[8 * b + SAME_PREV] = first;
    meta[8 * b + SAME] = second;
    if (second != NONE) {
      meta[8 * second + SAME_PREV] = b;
    }
  }

  private void uncache(int b) {
    if (pinned[b]) {
      memoInvalid = true;
    }
    int same = meta[8 * b + SAME];
    int samePrev = meta[8 * b + SAME_PREV];
    if (samePrev != NONE) {
      meta[8 * samePrev + SAME] = same;
    } else if (same != NONE) {
      cached.put(blockHash(b), same); // the next block with this hash becomes the head
    }
    if (same != NONE) {
      meta[8 * same + SAME_PREV] = samePrev;
    }
    meta[8 * b + HASHED] = 0;
    meta[8 * b + SAME] = NONE;
    meta[8 * b + SAME_PREV] = NONE;
    if (cached.needsRebuild(numBlocks)) {
      rebuildMap();
    }
  }

  /** Drops stale entries: the map then holds exactly one entry per chain head. */
  private void rebuildMap() {
    cached.clear();
    for (int b = 0; b < numBlocks; b++) {
      if (hashed(b) && meta[8 * b + SAME_PREV] == NONE) {
        cached.put(blockHash(b), b);
      }
    }
    cached.rebuilt();
  }

  /** Takes the least recently freed block off the queue, skipping stale entries. */
  private int pollFree() {
    while (true) {
      int pos = head++;
      int b = ring[pos & ringMask];
      if (meta[8 * b + REF] == 0 && meta[8 * b + STAMP] == pos) {
        freeCount--;
        return b;
      }
    }
  }

  private void append(int b) {
    if (tail - head == ring.length) {
      compactRing();
    }
    int pos = tail++;
    ring[pos & ringMask] = b;
    meta[8 * b + STAMP] = pos;
    freeCount++;
  }

  /**
   * Drops the stale entries when the ring is full. At most numBlocks entries are valid and the ring holds
   * four times as many, so this runs at most once per 3 x numBlocks appends.
   */
  private void compactRing() {
    int from = head;
    int to = head;
    for (; from != tail; from++) {
      int b = ring[from & ringMask];
      if (meta[8 * b + REF] == 0 && meta[8 * b + STAMP] == from) {
        ring[to & ringMask] = b;
        meta[8 * b + STAMP] = to;
        to++;
      }
    }
    tail = to;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
