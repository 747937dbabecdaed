package dev.capacity.simulator.kvcache;

import java.util.Arrays;

/**
 * One replica's paged KV cache with optional prefix caching, after vLLM v1's block manager
 * (reference §4.3-§4.6). Blocks hold {@code blockSize} tokens. Unreferenced blocks sit in a free queue:
 * allocation takes from the head, freeing appends at the tail, and a cached block keeps its hash until it
 * is taken for reuse, which makes eviction least-recently-used. Requests are addressed by id; their block
 * hashes come from the workload's flat hash array.
 *
 * <p>Layout, for speed with millions of blocks allocated and freed per probe: a block's state was last
 * touched when it was freed or filled, long out of the CPU caches by the time it is taken again. So what
 * allocation, freeing and eviction read is one packed short per block ({@link #state}: reference count and
 * flags, so all replicas' states stay cached), and the rest ({@link #stamp}, the hash, the
 * duplicate links) is mostly only written. The free queue is a ring of block ids in append order rather
 * than a linked list: a block taken out of the middle (a hit on a free block) marks its entry dead, and
 * the order of the live entries is exactly the linked list's.
 */
public final class KvCacheManager {
  private static final int NONE = -1;

  private final int numBlocks;
  private final int blockSize;
  private final boolean prefixCaching;
  private final int preallocateBlocks;
  private final long[] hashes;

  /**
   * Per block: reference count in the low 13 bits, then the flags below; a short, so that the states of
   * all replicas of a probe fit in a core's L2 cache. A count at REF_MASK continues in {@link #bigRefs}.
   */
  private final short[] state;
  private static final int REF_MASK = (1 << 13) - 1;
  /** References beyond REF_MASK (a prefix shared by thousands of requests), allocated when first needed. */
  private int[] bigRefs;
  /** The block holds a hash, {@link #blockHash}. */
  private static final int HASHED = 1 << 13;
  /** Other blocks hold the same hash ({@link #same} / {@link #samePrev} are not both NONE). */
  private static final int DUP = 1 << 14;
  /** The block is one of the memoised lookup's hits: evicting it invalidates the memo. */
  private static final int PINNED = 1 << 15;
  private final long[] blockHash;
  /** The ring position of a free block's entry. */
  private final int[] stamp;
  /**
   * Blocks holding the same hash, linked in a chain whose head (the earliest registered) the index points
   * at; duplicates go right behind the head, newest first.
   */
  private final int[] same;
  private final int[] samePrev;

  /** Free queue: ring[pos & ringMask] for head <= pos < tail (int positions, compared modulo 2^32). */
  private final int[] ring;
  private static final int DEAD = -1;
  private final int ringMask;
  private int head;
  private int tail;
  private int freeCount;
  private final BlockIndex cached;

  private final int[][] owned;
  /**
   * Block lists of requests that freed everything, for reuse: a probe would otherwise allocate and drop
   * a list per admission (hundreds of MB on long prompts).
   */
  private int[][] spareLists = new int[16][];
  private int spareCount;
  private final int[] ownedCount;
  private final int[] registered;

  private int[] hitScratch = new int[256];
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
    int n = tracked ? numBlocks : 0;
    state = new short[n];
    blockHash = new long[n];
    stamp = new int[n];
    same = new int[n];
    samePrev = new int[n];
    ring = new int[tracked ? Integer.highestOneBit(Math.max(2, numBlocks)) * 4 : 0];
    ringMask = ring.length - 1;
    for (int b = 0; b < n; b++) {
      stamp[b] = b;
      same[b] = NONE;
      samePrev[b] = NONE;
      ring[b] = b;
    }
    head = 0;
    tail = n;
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
      state[b] |= PINNED;
    }
    memoRequest = request;
    memoLimit = limit;
    memoCount = n;
    return n;
  }

  private void clearMemo() {
    for (int i = 0; i < memoCount; i++) {
      state[hitScratch[i]] &= ~PINNED;
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
      if ((state[hitScratch[i]] & REF_MASK) == 0) {
        evictableHits++;
      }
    }
    if (need > freeCount - evictableHits) {
      return false;
    }
    for (int i = 0; i < numHits; i++) {
      int b = hitScratch[i];
      if ((state[b] & REF_MASK) == 0) {
        freeCount--;
        ring[stamp[b] & ringMask] = DEAD; // taken out of the middle of the free queue
      }
      addRef(b);
      own(request, b);
    }
    if (numHits > 0 || memoRequest == request) {
      clearMemo();
    }
    if (need > 0) {
      int take = Math.min(need + preallocateBlocks, freeCount);
      for (int i = 0; i < take; i++) {
        int b = pollFree();
        int st = state[b];
        if ((st & HASHED) != 0) {
          st = evict(b, st);
        }
        state[b] = (short) (st + 1); // referenced once, by this request
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
      if ((state[hitScratch[i]] & REF_MASK) == 0) {
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
      if (dropRef(b)) {
        append(b);
      }
    }
    ownedCount[request] = 0;
    registered[request] = 0;
    if (blocks != null) {
      if (spareCount == spareLists.length) {
        spareLists = Arrays.copyOf(spareLists, spareCount * 2);
      }
      spareLists[spareCount++] = blocks;
      owned[request] = null;
    }
  }

  /** One more request holds block {@code b}; counts beyond the state word's continue in bigRefs. */
  private void addRef(int b) {
    if ((state[b] & REF_MASK) == REF_MASK) {
      if (bigRefs == null) {
        bigRefs = new int[numBlocks];
      }
      bigRefs[b]++;
    } else {
      state[b]++;
    }
  }

  /** One request fewer holds block {@code b}; true when none does any more. */
  private boolean dropRef(int b) {
    if ((state[b] & REF_MASK) == REF_MASK && bigRefs != null && bigRefs[b] > 0) {
      bigRefs[b]--;
      return false;
    }
    return (--state[b] & REF_MASK) == 0;
  }

  private void own(int request, int b) {
    int[] blocks = owned[request];
    int n = ownedCount[request];
    if (blocks == null) {
      blocks = spareCount > 0 ? spareLists[--spareCount] : new int[64];
      spareLists[spareCount] = null;
      owned[request] = blocks;
    } else if (n == blocks.length) {
      blocks = Arrays.copyOf(blocks, n * 2);
      owned[request] = blocks;
    }
    blocks[n] = b;
    ownedCount[request] = n + 1;
  }

  /**
   * The chain head holding {@code hash}, or NONE. Index entries are left behind when their block is
   * evicted (eviction then costs no index operation); such a stale entry is recognised here because the
   * block no longer holds that hash.
   */
  private int find(long hash) {
    int b = cached.get(hash);
    return b != BlockIndex.MISSING && holds(b, hash) ? b : NONE;
  }

  private boolean holds(int b, long hash) {
    return (state[b] & HASHED) != 0 && blockHash[b] == hash;
  }

  /** Gives a freshly filled block its hash. */
  private void register(int b, long hash) {
    if ((state[b] & HASHED) != 0) {
      return;
    }
    state[b] |= HASHED;
    blockHash[b] = hash;
    int first = cached.putIfAbsent(hash, b);
    if (first == BlockIndex.MISSING || first == b) { // b: the stale entry of this block's last hash
      if (cached.needsRebuild(numBlocks)) {
        rebuildMap();
      }
      return;
    }
    if (!holds(first, hash)) {
      cached.put(hash, b); // stale entry of an evicted block: this block is the new head
      return;
    }
    // a duplicate goes right behind the head, in O(1): lookups only ever see the head (the earliest
    // block, as in the reference), and among duplicates the newest takes over when the head is evicted
    int second = same[first];
    same[first] = b;
    samePrev[b] = first;
    same[b] = second;
    if (second != NONE) {
      samePrev[second] = b;
    }
    state[first] |= DUP;
    state[b] |= DUP;
  }

  /**
   * Drops the hash of a block just taken off the free queue, whose state word is {@code st}; returns the
   * new state word. The index entry of a hash no other block holds is left stale.
   */
  private int evict(int b, int st) { // st: the state sign-extended, flags cleared below keep it a short
    if ((st & PINNED) != 0) {
      memoInvalid = true;
    }
    if ((st & DUP) != 0) {
      unlink(b);
    }
    return st & ~(HASHED | DUP | PINNED);
  }

  private void unlink(int b) {
    int next = same[b];
    int prev = samePrev[b];
    if (prev != NONE) {
      same[prev] = next;
      dropDupIfAlone(prev);
    } else {
      cached.put(blockHash[b], next); // the next block with this hash becomes the head
    }
    if (next != NONE) {
      samePrev[next] = prev;
      dropDupIfAlone(next);
    }
    same[b] = NONE;
    samePrev[b] = NONE;
  }

  private void dropDupIfAlone(int b) {
    if (same[b] == NONE && samePrev[b] == NONE) {
      state[b] &= ~DUP;
    }
  }

  /** Drops stale entries: the index then holds exactly one entry per chain head. */
  private void rebuildMap() {
    cached.clear();
    for (int b = 0; b < numBlocks; b++) {
      if ((state[b] & HASHED) != 0 && samePrev[b] == NONE) {
        cached.put(blockHash[b], b);
      }
    }
    cached.rebuilt();
  }

  /** Takes the least recently freed block off the queue, skipping dead entries. */
  private int pollFree() {
    while (true) {
      int b = ring[head++ & ringMask];
      if (b != DEAD) {
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
    stamp[b] = pos;
    freeCount++;
  }

  /**
   * Drops the dead entries when the ring is full. At most numBlocks entries are live and the ring holds
   * four times as many, so this runs at most once per 3 x numBlocks appends.
   */
  private void compactRing() {
    int to = head;
    for (int from = head; from != tail; from++) {
      int b = ring[from & ringMask];
      if (b != DEAD) {
        ring[to & ringMask] = b;
        stamp[b] = to;
        to++;
      }
    }
    tail = to;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
