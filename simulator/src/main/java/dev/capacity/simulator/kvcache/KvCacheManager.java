package dev.capacity.simulator.kvcache;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One replica's paged KV cache with optional prefix caching, after vLLM v1's block manager
 * (reference §4.3-§4.6). Blocks hold {@code blockSize} tokens. Unreferenced blocks sit in a free queue:
 * allocation takes from the head, freeing appends at the tail (a request's blocks suffix first), and a
 * cached block keeps its hash until it is taken for reuse, which makes eviction least-recently-used.
 * Requests are addressed by id; their block hashes come from the workload's flat hash array.
 *
 * <p>Blocks are kept in <em>runs</em>, not one by one: a run is a sequence of blocks that one allocation
 * took for one request, holding consecutive hashes (a Mooncake 512-token group is 32 consecutive
 * 16-token hashes) or none yet, with one reference count. A block has no identity beyond its run and its
 * offset in it, which is all the reference's behaviour depends on. So allocating, freeing and evicting
 * cost one step per run instead of one per block (a 512-token chunk is 32 blocks), and a prefix lookup
 * costs one index read per run. A run splits only where its blocks start to behave differently:
 * <ul>
 *   <li>a hit covering part of a run splits it at the hit's ends, since the hit part gains a reference;
 *   <li>registering a hash that does not follow the run's last one splits the run there;
 *   <li>an allocation taking part of a free run takes it from the run's end, the blocks freed first.
 * </ul>
 * A hash held by several runs (two requests computed the same blocks before either registered them) is
 * tracked per hash in {@link #dups}; such runs are flagged and handled a block at a time, as the reference
 * does. {@code KvCacheManagerModelTest} checks every hit count and free count against a plain linked-list
 * model of vLLM's block manager.
 */
public final class KvCacheManager {
  private static final int NONE = -1;

  private final int numBlocks;
  private final int blockSize;
  private final boolean prefixCaching;
  private final int preallocateBlocks;
  private final long[] hashes;

  // Runs, by id. An id with runLen 0 is unused (on the stack at unusedIds, linked through qNext).
  /** Hash of the run's first block; block t holds runHash + t for t < runHashed. */
  private long[] runHash;
  private int[] runLen;
  private int[] runHashed;
  /** Requests holding the run; 0 means it is in the free queue. */
  private int[] runRef;
  /** The run holding the blocks right after this one's, when a split made them two runs. */
  private int[] runNext;
  /** Some hash of the run may be held by another run too: look its blocks up one at a time. */
  private boolean[] runDup;
  /** Free queue of runs, least recently freed first; a free run's blocks leave it from its end. */
  private int[] qPrev;
  private int[] qNext;
  private int qHead = NONE;
  private int qTail = NONE;
  private int runIds;
  private int unusedIds = NONE;
  private int freeCount;
  private final BlockIndex cached;
  /**
   * Hashes held by more than one run: the holders, the index's (the earliest registered) first, then the
   * others newest first, so the newest takes over when the first is evicted. {@code list[0]} is the size.
   */
  private final Map<Long, int[]> dups = new HashMap<>();

  /** Per request: its runs in order as pairs (first run of a chain, blocks), [run0, len0, run1, len1, ...]. */
  private final int[][] entries;
  private final int[] entryInts;
  /** Entry lists of requests that freed everything, for reuse. */
  private int[][] spareLists = new int[16][];
  private int spareCount;
  private final int[] ownedCount;
  private final int[] registered;
  private int[] chainScratch = new int[64];
  /** Hash array start of the last {@link #lookupHits}, for {@link #evictableHits}. */
  private int lookupStart;

  /** Hit statistics of admissions (router probes are not counted, unlike the reference's H8). */
  private long admissions;
  private long admittedPromptTokens;
  private long hitTokens;

  /**
   * Lower tiers, highest first (CPU memory, then a shared pool), or null for GPU memory only. GPU
   * evictions go to lower[0]; an admission's hit continues past the GPU's prefix into them.
   */
  private KvTier[] lower;
  private double[] lowerSecondsPerBlock;
  private double[] lowerLatencySeconds;
  /** Hit tokens served by each lower tier (loaded into GPU memory at admission). */
  private long[] lowerHitTokens;
  private int[] loadScratch;
  /** Blocks of the last {@link #lookupHits} found in GPU memory (the rest of its hit is in lower tiers). */
  private int lookupGpuHits;
  /** Load time of lower-tier hits admitted since the engine last took it. */
  private double pendingLoadSeconds;

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
    freeCount = numBlocks;
    ownedCount = new int[numRequests];
    registered = new int[numRequests];
    if (this.prefixCaching) {
      int capacity = Math.min(numBlocks + 1, 256);
      runHash = new long[capacity];
      runLen = new int[capacity];
      runHashed = new int[capacity];
      runRef = new int[capacity];
      runNext = new int[capacity];
      runDup = new boolean[capacity];
      qPrev = new int[capacity];
      qNext = new int[capacity];
      int all = newRun(numBlocks, 0); // every block free and empty: one run
      queueAppend(all);
      cached = BlockIndex.forHashes(hashes, numBlocks);
      entries = new int[numRequests][];
      entryInts = new int[numRequests];
    } else {
      cached = null;
      entries = null;
      entryInts = null;
    }
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
    while (n < limit) {
      long h = hashes[hashStart + n];
      int x = find(h);
      if (x == NONE) {
        break;
      }
      n += extent(x, h, hashStart + n, limit - n);
    }
    return n;
  }

  /**
   * Looks up the hit blocks for admitting a request; the following {@link #allocate} call takes the
   * first {@code numHits} of them. Returns the number of hit blocks. A run costs one index read, so a
   * head-of-line request blocked on memory can look up again every iteration.
   */
  public int lookupHits(int hashStart, int hashCount, int maxBlocks) {
    lookupStart = hashStart;
    int gpu = countHitBlocks(hashStart, hashCount, maxBlocks);
    if (lower == null) {
      return gpu;
    }
    lookupGpuHits = gpu;
    return gpu + lowerHitBlocks(hashStart + gpu, Math.min(hashCount, maxBlocks) - gpu);
  }

  /**
   * Like {@link #countHitBlocks}, but continuing past GPU memory into the lower tiers, as an admission's
   * lookup would (read-only: for routers weighing where a prompt is cached).
   */
  public int countHitBlocksAllTiers(int hashStart, int hashCount, int maxBlocks) {
    int gpu = countHitBlocks(hashStart, hashCount, maxBlocks);
    return lower == null ? gpu : gpu + lowerHitBlocks(hashStart + gpu, Math.min(hashCount, maxBlocks) - gpu);
  }

  /**
   * Gives this cache lower tiers (see {@link KvTier}): GPU evictions are offloaded to {@code tiers[0]},
   * and an admission's hit continues past the GPU's cached prefix into any of them, each block loaded from
   * the highest tier holding it at {@code secondsPerBlock[i]}, plus {@code latencySeconds[i]} once per
   * admission that loads from tier i. Only with prefix caching (without it no block has a hash).
   */
  public void useTiers(KvTier[] tiers, double[] secondsPerBlock, double[] latencySeconds) {
    if (!prefixCaching) {
      throw new IllegalStateException("KV-cache tiers need prefix caching and block hashes");
    }
    this.lower = tiers.clone();
    this.lowerSecondsPerBlock = secondsPerBlock.clone();
    this.lowerLatencySeconds = latencySeconds.clone();
    this.lowerHitTokens = new long[tiers.length];
    this.loadScratch = new int[tiers.length];
  }

  /** The lower tiers, highest first; empty without any. */
  public KvTier[] tiers() {
    return lower == null ? new KvTier[0] : lower.clone();
  }

  /** Hit tokens of admissions served from lower tier i (see {@link #tiers()}); GPU hits are the rest. */
  public long lowerTierHitTokens(int i) {
    return lowerHitTokens[i];
  }

  /**
   * Seconds the lower-tier hits admitted since the last call take to load into GPU memory. The engine
   * adds them to the batch that admitted them: the load is synchronous, as with LMCache's and vLLM's
   * connectors when the step needs the blocks.
   */
  public double takeLoadSeconds() {
    double s = pendingLoadSeconds;
    pendingLoadSeconds = 0;
    return s;
  }

  /** Consecutive blocks from {@code hashes[from]}, at most {@code max}, that some lower tier holds. */
  private int lowerHitBlocks(int from, int max) {
    int n = 0;
    while (n < max && tierHolding(hashes[from + n]) >= 0) {
      n++;
    }
    return n;
  }

  private int tierHolding(long hash) {
    for (int i = 0; i < lower.length; i++) {
      if (lower[i].contains(hash)) {
        return i;
      }
    }
    return NONE;
  }

  /** Loads blocks [from, from + count) of a chain from the lower tiers: counts and times them. */
  private void load(int from, int count) {
    Arrays.fill(loadScratch, 0);
    for (int n = 0; n < count; n++) {
      long h = hashes[from + n];
      int t = tierHolding(h);
      lower[t].touch(h);
      loadScratch[t]++;
    }
    for (int t = 0; t < lower.length; t++) {
      if (loadScratch[t] > 0) {
        pendingLoadSeconds += lowerLatencySeconds[t] + loadScratch[t] * lowerSecondsPerBlock[t];
        lowerHitTokens[t] += (long) loadScratch[t] * blockSize;
      }
    }
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
    // with lower tiers, the hit's blocks past the GPU's prefix are loaded into newly taken blocks
    int gpuHits = lower == null || numHits == 0 ? numHits : countHitBlocks(hashStart, hashCount, numHits);
    int need = required - ownedCount[request] - gpuHits;
    if (need > freeCount - (gpuHits > 0 ? evictableHitBlocks(hashStart, gpuHits) : 0)) {
      return false;
    }
    if (gpuHits < numHits) {
      load(hashStart + gpuHits, numHits - gpuHits);
    }
    int n = 0;
    while (n < gpuHits) { // each piece of a run the hit covers becomes a run of its own, referenced once more
      long h = hashes[hashStart + n];
      int x = find(h);
      int k = extent(x, h, hashStart + n, numHits - n);
      int m = isolate(x, (int) (h - runHash[x]), k);
      if (runRef[m] == 0) {
        queueRemove(m); // taken out of the middle of the free queue
        freeCount -= k;
      }
      runRef[m]++;
      addEntry(request, m, k);
      n += k;
    }
    if (need > 0) {
      int take = Math.min(need + preallocateBlocks, freeCount);
      takeFree(take);
      addEntry(request, newRun(take, 1), take);
    }
    if (registered[request] < gpuHits) {
      registered[request] = gpuHits; // loaded blocks are registered below, like computed ones
    }
    int full = Math.min((computed + newTokens) / blockSize, hashCount);
    if (full > registered[request]) {
      register(request, hashStart, full);
    }
    return true;
  }

  /**
   * Without prefix caching no block has an identity worth tracking: a block is a block. Counting them
   * gives the same admissions and preemptions as the block lists.
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
    int gpuHits = lower == null ? numHits : Math.min(numHits, lookupGpuHits);
    return prefixCaching && gpuHits > 0 ? evictableHitBlocks(lookupStart, gpuHits) : 0;
  }

  private int evictableHitBlocks(int hashStart, int numHits) {
    int n = 0;
    int evictable = 0;
    while (n < numHits) {
      long h = hashes[hashStart + n];
      int x = find(h);
      int k = extent(x, h, hashStart + n, numHits - n);
      if (runRef[x] == 0) {
        evictable += k;
      }
      n += k;
    }
    return evictable;
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
    int[] list = entries[request];
    for (int e = entryInts[request] - 2; e >= 0; e -= 2) {
      int runs = 0; // the entry's chain, walked forward, released backward
      int x = list[e];
      for (int left = list[e + 1]; left > 0; left -= runLen[x], x = runNext[x]) {
        if (runs == chainScratch.length) {
          chainScratch = Arrays.copyOf(chainScratch, runs * 2);
        }
        chainScratch[runs++] = x;
      }
      for (int i = runs - 1; i >= 0; i--) {
        int r = chainScratch[i];
        if (--runRef[r] == 0) {
          queueAppend(r);
          freeCount += runLen[r];
        }
      }
    }
    ownedCount[request] = 0;
    registered[request] = 0;
    if (list != null) {
      if (spareCount == spareLists.length) {
        spareLists = Arrays.copyOf(spareLists, spareCount * 2);
      }
      spareLists[spareCount++] = list;
      entries[request] = null;
      entryInts[request] = 0;
    }
  }

  private void addEntry(int request, int run, int blocks) {
    int[] list = entries[request];
    int n = entryInts[request];
    if (list == null) {
      list = spareCount > 0 ? spareLists[--spareCount] : new int[16];
      spareLists[spareCount] = null;
      entries[request] = list;
    } else if (n == list.length) {
      list = Arrays.copyOf(list, n * 2);
      entries[request] = list;
    }
    list[n] = run;
    list[n + 1] = blocks;
    entryInts[request] = n + 2;
    ownedCount[request] += blocks;
  }

  /**
   * The run holding {@code hash} that lookups see, or NONE. Index entries are left behind when their
   * blocks are evicted (eviction then costs no index operation); such a stale entry is recognised here
   * because the run no longer holds that hash.
   */
  private int find(long hash) {
    int x = cached.get(hash);
    return x != BlockIndex.MISSING && holds(x, hash) ? x : NONE;
  }

  private boolean holds(int x, long hash) {
    long offset = hash - runHash[x];
    return offset >= 0 && offset < runHashed[x];
  }

  /**
   * How many of the hashes from {@code hashes[at]} (= {@code h}, found in run x), at most {@code max}, run
   * x holds in a row as the blocks lookups see.
   */
  private int extent(int x, long h, int at, int max) {
    int limit = Math.min(max, (int) (runHash[x] + runHashed[x] - h));
    int k = 1;
    if (!runDup[x]) {
      while (k < limit && hashes[at + k] == h + k) {
        k++;
      }
    } else { // another run may be the one lookups see for some of these hashes
      while (k < limit && hashes[at + k] == h + k && cached.get(h + k) == x) {
        k++;
      }
    }
    return k;
  }

  /** Makes blocks [offset, offset + count) of run x a run of their own and returns it. */
  private int isolate(int x, int offset, int count) {
    int m = offset > 0 ? split(x, offset) : x;
    if (count < runLen[m]) {
      split(m, count);
    }
    return m;
  }

  /**
   * Splits run x before its block {@code at}: x keeps the blocks before (so request entries naming x stay
   * valid) and a new run, returned, takes the rest, right after x in its chain. In the free queue the new
   * run goes right before x, because a free run's blocks leave from its end.
   */
  private int split(int x, int at) {
    int hi = newRun(runLen[x] - at, runRef[x]);
    int hashedHi = Math.max(0, runHashed[x] - at);
    runHash[hi] = runHash[x] + at;
    runHashed[hi] = hashedHi;
    runHashed[x] = Math.min(runHashed[x], at);
    runLen[x] = at;
    runDup[hi] = runDup[x];
    runNext[hi] = runNext[x];
    runNext[x] = hi;
    if (runRef[x] == 0) {
      queueInsertBefore(hi, x);
    }
    for (int t = 0; t < hashedHi; t++) {
      long h = runHash[hi] + t;
      if (cached.get(h) == x) {
        cached.put(h, hi);
      }
      if (runDup[hi]) {
        replaceHolder(h, x, hi);
      }
    }
    return hi;
  }

  /** Gives the request's blocks up to position {@code full} (exclusive) their hashes. */
  private void register(int request, int hashStart, int full) {
    int p = registered[request];
    int[] list = entries[request];
    // the entry holding position p: registration trails allocation, so search from the last entry
    int e = entryInts[request] - 2;
    int entryStart = ownedCount[request] - list[e + 1];
    while (entryStart > p) {
      e -= 2;
      entryStart -= list[e + 1];
    }
    int entryEnd = entryStart + list[e + 1];
    int x = list[e];
    int runStart = entryStart;
    while (p >= runStart + runLen[x]) {
      runStart += runLen[x];
      x = runNext[x];
    }
    while (p < full) {
      if (p == runStart + runLen[x]) {
        runStart = p;
        if (p == entryEnd) {
          e += 2;
          x = list[e];
          entryEnd = p + list[e + 1];
        } else {
          x = runNext[x];
        }
      }
      int t = p - runStart; // == runHashed[x]: blocks fill in order
      long h = hashes[hashStart + p];
      if (t == 0) {
        runHash[x] = h;
      } else if (h != runHash[x] + t) { // the hashes jump: the rest of the run becomes a run of its own
        x = split(x, t);
        runHash[x] = h;
        runStart = p;
        t = 0;
      }
      // the blocks of run x from p on whose hashes follow h: registered together
      int end = Math.min(full, runStart + runLen[x]);
      int k = 1;
      while (p + k < end && hashes[hashStart + p + k] == h + k) {
        k++;
      }
      runHashed[x] = t + k;
      for (int done = 0; done < k; done++) {
        done += cached.putIfAbsentRun(h + done, k - done, x);
        if (done < k) {
          index(h + done, x); // already in the index: stale, or held by another run
        }
      }
      if (cached.needsRebuild(numBlocks)) { // only now: a rebuild enters every hash the runs hold
        rebuildIndex();
      }
      p += k;
    }
    registered[request] = full;
  }

  /**
   * Enters a freshly registered hash of run x in the index when its entry is already taken (a
   * {@link BlockIndex#putIfAbsentRun} stopped there).
   */
  private void index(long h, int x) {
    int first = cached.get(h);
    if (first == x) { // the stale entry of this id's earlier run
      return;
    }
    if (!holds(first, h)) {
      cached.put(h, x); // stale entry of an evicted run: x is the new holder
      return;
    }
    // a duplicate: lookups keep seeing the earliest holder; among the others the newest takes over
    runDup[first] = true;
    runDup[x] = true;
    int[] holders = dups.get(h);
    if (holders == null) {
      holders = new int[] {1, first, 0, 0};
    } else if (holders[0] + 1 == holders.length) {
      holders = Arrays.copyOf(holders, holders.length * 2);
    }
    System.arraycopy(holders, 2, holders, 3, holders[0] - 1);
    holders[2] = x;
    holders[0]++;
    dups.put(h, holders);
  }

  private void replaceHolder(long h, int from, int to) {
    int[] holders = dups.get(h);
    if (holders != null) {
      for (int i = 1; i <= holders[0]; i++) {
        if (holders[i] == from) {
          holders[i] = to;
        }
      }
    }
  }

  /** Run x no longer holds hash h: if it was the holder lookups see, the newest other holder takes over. */
  private void dropHolder(long h, int x) {
    int[] holders = dups.get(h);
    if (holders == null) {
      return; // x held h alone: its index entry is left stale
    }
    int size = holders[0];
    int i = 1;
    while (holders[i] != x) {
      i++;
    }
    System.arraycopy(holders, i + 1, holders, i, size - i);
    holders[0] = --size;
    if (i == 1) {
      cached.put(h, holders[1]);
    }
    if (size == 1) {
      dups.remove(h);
    }
  }

  /** Takes {@code count} blocks off the free queue, least recently freed first, dropping their hashes. */
  private void takeFree(int count) {
    freeCount -= count;
    while (count > 0) {
      int x = qHead;
      int k = Math.min(count, runLen[x]);
      int left = runLen[x] - k;
      if (runHashed[x] > left) {
        if (lower != null) { // offloaded, suffix first, so the prefix is the most recently stored
          for (int t = runHashed[x] - 1; t >= left; t--) {
            lower[0].put(runHash[x] + t);
          }
        }
        if (runDup[x]) {
          for (int t = left; t < runHashed[x]; t++) {
            dropHolder(runHash[x] + t, x);
          }
        }
        runHashed[x] = left;
      }
      runLen[x] = left;
      count -= k;
      if (left == 0) {
        queueRemove(x);
        runDup[x] = false;
        qNext[x] = unusedIds;
        unusedIds = x;
      }
    }
  }

  private int newRun(int blocks, int refs) {
    int x = unusedIds;
    if (x != NONE) {
      unusedIds = qNext[x];
    } else {
      if (runIds == runLen.length) {
        growRuns();
      }
      x = runIds++;
    }
    runLen[x] = blocks;
    runRef[x] = refs;
    runHashed[x] = 0;
    runNext[x] = NONE;
    return x;
  }

  private void growRuns() {
    int capacity = runLen.length * 2;
    runHash = Arrays.copyOf(runHash, capacity);
    runLen = Arrays.copyOf(runLen, capacity);
    runHashed = Arrays.copyOf(runHashed, capacity);
    runRef = Arrays.copyOf(runRef, capacity);
    runNext = Arrays.copyOf(runNext, capacity);
    runDup = Arrays.copyOf(runDup, capacity);
    qPrev = Arrays.copyOf(qPrev, capacity);
    qNext = Arrays.copyOf(qNext, capacity);
  }

  private void queueAppend(int x) {
    qPrev[x] = qTail;
    qNext[x] = NONE;
    if (qTail != NONE) {
      qNext[qTail] = x;
    } else {
      qHead = x;
    }
    qTail = x;
  }

  private void queueInsertBefore(int x, int before) {
    int prev = qPrev[before];
    qPrev[x] = prev;
    qNext[x] = before;
    if (prev != NONE) {
      qNext[prev] = x;
    } else {
      qHead = x;
    }
    qPrev[before] = x;
  }

  private void queueRemove(int x) {
    int prev = qPrev[x];
    int next = qNext[x];
    if (prev != NONE) {
      qNext[prev] = next;
    } else {
      qHead = next;
    }
    if (next != NONE) {
      qPrev[next] = prev;
    } else {
      qTail = prev;
    }
  }

  /** Drops stale entries: the index then holds exactly the hashes lookups see, each with its run. */
  private void rebuildIndex() {
    cached.clear();
    for (int x = 0; x < runIds; x++) {
      for (int t = 0; t < runHashed[x]; t++) {
        long h = runHash[x] + t;
        int[] holders = runDup[x] ? dups.get(h) : null;
        if (holders == null || holders[1] == x) {
          cached.put(h, x);
        }
      }
    }
    cached.rebuilt();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
