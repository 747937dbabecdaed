package dev.capacity.simulator.kvcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The cache against a plain model of vLLM v1's block manager (a linked free queue, a list of blocks per
 * hash), over long random admit / grow / free sequences on a small cache, so the free-queue ring wraps
 * and compacts many times and stale entries of blocks hit while free pile up. Any divergence in
 * eviction order shows as a different set of cached hashes.
 */
class KvCacheManagerModelTest {
  private static final int BLOCK = 16;

  @Test
  void matchesTheLinkedListModelOverLongRandomRuns() {
    for (long seed = 1; seed <= 12; seed++) {
      run(seed, 8 + (int) seed * 3, seed % 3 == 0 ? 32 : 0, 3);
    }
  }

  /**
   * Allocations of up to 12 blocks make runs long enough that hits start and end inside them, free runs
   * are taken in part, and two requests register the same hashes before either is looked up.
   */
  @Test
  void matchesTheLinkedListModelWithLongRuns() {
    for (long seed = 13; seed <= 24; seed++) {
      run(seed, 24 + (int) seed * 2, seed % 3 == 0 ? 48 : 0, 12);
    }
  }

  private static void run(long seed, int numBlocks, int preallocateTokens, int maxChunkBlocks) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int numRequests = 400;
    // requests share prefixes of a few documents, then have their own blocks; hashes are sequential
    // within a document (the paged index) or scattered (seed parity picks the map index)
    boolean sequential = seed % 2 == 0;
    long[][] docs = new long[4][12];
    for (int d = 0; d < docs.length; d++) {
      for (int i = 0; i < docs[d].length; i++) {
        docs[d][i] = sequential ? (d + 1) * 1024L + i : rnd.nextLong();
      }
    }
    List<Long> flat = new ArrayList<>();
    int[] start = new int[numRequests];
    int[] count = new int[numRequests];
    long unique = 1L << 40;
    for (int r = 0; r < numRequests; r++) {
      start[r] = flat.size();
      int shared = rnd.nextInt(0, 10);
      int own = rnd.nextInt(1, 5);
      long[] doc = docs[rnd.nextInt(docs.length)];
      for (int i = 0; i < shared; i++) {
        flat.add(doc[i]);
      }
      for (int i = 0; i < own; i++) {
        flat.add(sequential ? unique++ : rnd.nextLong());
      }
      count[r] = shared + own;
    }
    long[] hashes = flat.stream().mapToLong(Long::longValue).toArray();
    KvCacheManager kv = new KvCacheManager(numBlocks, BLOCK, true, preallocateTokens, hashes, numRequests);
    Model model = new Model(numBlocks, preallocateTokens / BLOCK, hashes, numRequests);
    int[] processed = new int[numRequests];
    List<Integer> active = new ArrayList<>();
    int next = 0;
    for (int step = 0; step < 6000 && next < numRequests; step++) {
      int op = rnd.nextInt(10);
      if (op < 4 || active.isEmpty()) {
        int r = next;
        int promptTokens = count[r] * BLOCK - rnd.nextInt(BLOCK);
        int maxHits = (promptTokens - 1) / BLOCK;
        int hits = kv.lookupHits(start[r], count[r], maxHits);
        if (rnd.nextBoolean()) {
          hits = kv.lookupHits(start[r], count[r], maxHits); // a retry, as a blocked head-of-line request does
        }
        List<Integer> modelHits = model.lookup(start[r], count[r], maxHits);
        assertThat(hits).as("seed %d step %d hits", seed, step).isEqualTo(modelHits.size());
        int chunk = Math.min(promptTokens - hits * BLOCK, 1 + rnd.nextInt(maxChunkBlocks * BLOCK));
        boolean ok = kv.allocate(r, 0, chunk, hits, start[r], count[r]);
        assertThat(ok).as("seed %d step %d admit", seed, step)
            .isEqualTo(model.allocate(r, 0, chunk, modelHits, start[r], count[r]));
        if (ok) {
          processed[r] = hits * BLOCK + chunk;
          active.add(r);
          next++;
        }
      } else if (op < 8) {
        int r = active.get(rnd.nextInt(active.size()));
        int grow = 1 + rnd.nextInt(Math.max(2, maxChunkBlocks - 1) * BLOCK);
        boolean ok = kv.allocate(r, processed[r], grow, 0, start[r], count[r]);
        assertThat(ok).as("seed %d step %d grow", seed, step)
            .isEqualTo(model.allocate(r, processed[r], grow, List.of(), start[r], count[r]));
        if (ok) {
          processed[r] += grow;
        }
      } else {
        Integer r = active.remove(rnd.nextInt(active.size()));
        kv.free(r);
        model.free(r);
      }
      assertThat(kv.numFreeBlocks()).as("seed %d step %d free blocks", seed, step).isEqualTo(model.free.size());
      for (int q = 0; q < numRequests; q += 7) {
        assertThat(kv.countHitBlocks(start[q], count[q], count[q]))
            .as("seed %d step %d cached prefix of request %d", seed, step, q)
            .isEqualTo(model.lookup(start[q], count[q], count[q]).size());
      }
    }
    assertThat(next).as("seed %d: the run admitted most requests", seed).isGreaterThan(numRequests / 2);
  }

  /** vLLM v1's block manager written plainly: linked free queue, every block holding a hash listed. */
  private static final class Model {
    final LinkedList<Integer> free = new LinkedList<>();
    final int[] ref;
    final Long[] blockHash;
    /** Per hash: the head (earliest registered) first, then duplicates newest first. */
    final Map<Long, List<Integer>> holders = new HashMap<>();
    final List<List<Integer>> owned = new ArrayList<>();
    final int[] registered;
    final int preallocateBlocks;
    final long[] hashes;

    Model(int numBlocks, int preallocateBlocks, long[] hashes, int numRequests) {
      for (int b = 0; b < numBlocks; b++) {
        free.add(b);
      }
      ref = new int[numBlocks];
      blockHash = new Long[numBlocks];
      registered = new int[numRequests];
      for (int r = 0; r < numRequests; r++) {
        owned.add(new ArrayList<>());
      }
      this.preallocateBlocks = preallocateBlocks;
      this.hashes = hashes;
    }

    List<Integer> lookup(int hashStart, int hashCount, int maxBlocks) {
      List<Integer> hits = new ArrayList<>();
      for (int i = 0; i < Math.min(hashCount, maxBlocks); i++) {
        List<Integer> h = holders.get(hashes[hashStart + i]);
        if (h == null || h.isEmpty()) {
          break;
        }
        hits.add(h.get(0));
      }
      return hits;
    }

    boolean allocate(int r, int processed, int newTokens, List<Integer> hits, int hashStart, int hashCount) {
      int computed = processed + hits.size() * BLOCK;
      int required = (computed + newTokens + BLOCK - 1) / BLOCK;
      int need = required - owned.get(r).size() - hits.size();
      int evictableHits = (int) hits.stream().filter(b -> ref[b] == 0).count();
      if (need > free.size() - evictableHits) {
        return false;
      }
      for (int b : hits) {
        if (ref[b] == 0) {
          free.remove(Integer.valueOf(b));
        }
        ref[b]++;
        owned.get(r).add(b);
      }
      if (need > 0) {
        int take = Math.min(need + preallocateBlocks, free.size());
        for (int i = 0; i < take; i++) {
          int b = free.removeFirst();
          if (blockHash[b] != null) {
            holders.get(blockHash[b]).remove(Integer.valueOf(b));
            blockHash[b] = null;
          }
          ref[b] = 1;
          owned.get(r).add(b);
        }
      }
      registered[r] = Math.max(registered[r], hits.size());
      int full = Math.min((computed + newTokens) / BLOCK, hashCount);
      for (int i = registered[r]; i < full; i++) {
        int b = owned.get(r).get(i);
        if (blockHash[b] == null) {
          long hash = hashes[hashStart + i];
          blockHash[b] = hash;
          List<Integer> h = holders.computeIfAbsent(hash, k -> new ArrayList<>());
          h.add(Math.min(1, h.size()), b);
        }
      }
      registered[r] = Math.max(registered[r], full);
      return true;
    }

    void free(int r) {
      List<Integer> blocks = owned.get(r);
      for (int i = blocks.size() - 1; i >= 0; i--) {
        int b = blocks.get(i);
        if (--ref[b] == 0) {
          free.addLast(b);
        }
      }
      blocks.clear();
      registered[r] = 0;
    }
  }
}
