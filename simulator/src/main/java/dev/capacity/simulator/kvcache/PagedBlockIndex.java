package dev.capacity.simulator.kvcache;

import java.util.Arrays;

/**
 * Block index in pages of 32 slots: hash {@code h} lives in the page of {@code h >>> 5}, slot
 * {@code h & 31}. Pages are handed out in order and only reclaimed by {@link #clear()}, which the cache
 * calls when {@link #needsRebuild} says too many pages are in use.
 */
final class PagedBlockIndex implements BlockIndex {
  private static final int PAGE = 32;
  /**
   * Groups below this bound find their page in {@link #directPage} (grown on demand), the rest in
   * {@link #pageOf}. Traces number their groups densely from 0 (Mooncake hash ids, then fresh ids), and a
   * prompt's groups are consecutive, so the direct array is read in order where a hash map is not.
   */
  private static final long DIRECT_GROUPS = 1 << 22;
  private int[] directPage = new int[1024];
  /** Groups below this have been touched in {@link #directPage} since the last clear. */
  private int directUsed;
  private final LongIntHashMap pageOf;
  private int[] slots;
  private int pages;
  /** The last group looked up and its page: a prompt's lookups walk 32 consecutive hashes per group. */
  private long lastGroup = -1;
  private int lastPage = MISSING;

  PagedBlockIndex(int numBlocks) {
    pageOf = new LongIntHashMap(64);
    Arrays.fill(directPage, MISSING);
    slots = new int[PAGE * Math.max(64, numBlocks / 8)];
    Arrays.fill(slots, MISSING);
  }

  @Override
  public int get(long hash) {
    long group = hash >>> 5;
    int page;
    if (group == lastGroup) {
      page = lastPage;
    } else {
      page = group < DIRECT_GROUPS ? (group < directPage.length ? directPage[(int) group] : MISSING)
          : pageOf.get(group);
      lastGroup = group;
      lastPage = page;
    }
    return page < 0 ? MISSING : slots[page * PAGE + (int) (hash & 31)];
  }

  @Override
  public int putIfAbsent(long hash, int block) {
    int i = slot(hash);
    int present = slots[i];
    if (present != MISSING) {
      return present;
    }
    slots[i] = block;
    return MISSING;
  }

  @Override
  public void put(long hash, int block) {
    int i = slot(hash); // first: slot() may grow the slots array, which `slots[slot(hash)]` would miss
    slots[i] = block;
  }

  @Override
  public int putIfAbsentRun(long hash, int count, int block) {
    int done = 0;
    while (done < count) { // a page at a time: one page lookup per 32 hashes
      long h = hash + done;
      int i = slot(h);
      int inPage = Math.min(count - done, PAGE - (int) (h & 31));
      int[] s = slots;
      for (int j = 0; j < inPage; j++) {
        if (s[i + j] != MISSING) {
          return done + j;
        }
        s[i + j] = block;
      }
      done += inPage;
    }
    return done;
  }

  private int slot(long hash) {
    long group = hash >>> 5;
    if (group == lastGroup && lastPage != MISSING) {
      return lastPage * PAGE + (int) (hash & 31); // registrations walk a group's 32 hashes in a row too
    }
    int page = group < DIRECT_GROUPS ? directPutIfAbsent((int) group) : pageOf.putIfAbsent(group, pages);
    if (page < 0) {
      page = pages++;
      if (page * PAGE >= slots.length) {
        int old = slots.length;
        slots = Arrays.copyOf(slots, old * 2);
        Arrays.fill(slots, old, slots.length, MISSING);
      }
    }
    lastGroup = group;
    lastPage = page;
    return page * PAGE + (int) (hash & 31);
  }

  private int directPutIfAbsent(int group) {
    if (group >= directPage.length) {
      int old = directPage.length;
      directPage = Arrays.copyOf(directPage, Math.max(group + 1, old * 2));
      Arrays.fill(directPage, old, directPage.length, MISSING);
    }
    int page = directPage[group];
    if (page == MISSING) {
      directPage[group] = pages;
      if (group >= directUsed) {
        directUsed = group + 1;
      }
    }
    return page;
  }

  private int floor;

  /** A page per 2 blocks (64 bytes of slots per block), or twice the pages live after the last rebuild. */
  @Override
  public boolean needsRebuild(int numBlocks) {
    return pages > Math.max(numBlocks / 2 + 128, floor);
  }

  @Override
  public void rebuilt() {
    floor = 2 * pages;
  }

  @Override
  public void clear() {
    pageOf.clear();
    Arrays.fill(directPage, 0, directUsed, MISSING);
    directUsed = 0;
    Arrays.fill(slots, 0, pages * PAGE, MISSING);
    pages = 0;
    lastGroup = -1;
    lastPage = MISSING;
  }
}
