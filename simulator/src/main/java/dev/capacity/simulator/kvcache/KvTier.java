package dev.capacity.simulator.kvcache;

import java.util.Arrays;

/**
 * A lower tier of the KV cache: CPU memory of one replica, or a pool shared by replicas (Mooncake's
 * distributed store, LMCache's remote backend). It holds KV blocks by hash only, least recently used
 * first out; a block evicted here goes on to the {@link #next} tier, if any, instead of being dropped.
 * A GPU cache offloads the blocks it evicts into its first lower tier (see {@link KvCacheManager}).
 *
 * <p>Blocks are kept in groups of 32 consecutive hashes (a Mooncake 512-token block is 32 16-token
 * hashes, {@code id x 32 + k}): the hash index maps a group to 32 adjacent LRU nodes, so offloading or
 * looking up a prompt's run of blocks costs one index operation per group instead of one per block,
 * while eviction stays exactly least-recently-used block by block. Arrays grow with use, so a large pool
 * costs memory only for what it holds.
 */
public final class KvTier {
  private static final int NONE = -1;
  private static final int SHIFT = 5;
  private static final int GROUP = 1 << SHIFT;

  private final String name;
  private final long capacityBlocks;
  private final KvTier next;
  /** Group key (hash >>> 5) to group slot; node n of group g is g * 32 + (hash & 31). */
  private final LongIntHashMap groups = new LongIntHashMap(64);
  private long[] groupKey = new long[64];
  /** Which of a group's 32 blocks are held. */
  private int[] groupMask = new int[64];
  private int groupSlots;
  private int freeGroups = NONE;
  /** LRU list over nodes: prev/next node, least recently used at head. */
  private int[] prev = new int[64 * GROUP];
  private int[] nextNode = new int[64 * GROUP];
  private int head = NONE;
  private int tail = NONE;
  private long size;
  /** The last group looked up (a run of hashes falls in one group). */
  private long cachedKey = -1;
  private int cachedGroup = NONE;

  private long blocksStored;
  private long blocksEvicted;

  /**
   * @param name what the tier is, for outputs ({@code cpu}, {@code pool})
   * @param capacityBlocks KV blocks it holds, at least 1
   * @param next where its evictions go, or null to drop them
   */
  public KvTier(String name, long capacityBlocks, KvTier next) {
    if (capacityBlocks < 1) {
      throw new IllegalArgumentException(name + " KV tier must hold at least one block, got " + capacityBlocks);
    }
    this.name = name;
    this.capacityBlocks = capacityBlocks;
    this.next = next;
  }

  public String name() { return name; }
  public long capacityBlocks() { return capacityBlocks; }
  public KvTier next() { return next; }
  public long size() { return size; }
  /** Blocks put here that were not here already (offloads in). */
  public long blocksStored() { return blocksStored; }
  /** Blocks pushed out for lack of room (passed on to {@link #next} when there is one). */
  public long blocksEvicted() { return blocksEvicted; }

  public boolean contains(long hash) {
    return node(hash) != NONE;
  }

  /** Marks a held block as just used (a hit read it); does nothing when it is not held. */
  public void touch(long hash) {
    int n = node(hash);
    if (n != NONE && n != tail) {
      unlink(n);
      append(n);
    }
  }

  /**
   * Stores a block (an offload from the tier above): refreshed when already held, else taking the least
   * recently used block's room when full, that block moving down to {@link #next}.
   */
  public void put(long hash) {
    int g = group(hash >>> SHIFT, true);
    int bit = 1 << (int) (hash & (GROUP - 1));
    int n = g * GROUP + (int) (hash & (GROUP - 1));
    if ((groupMask[g] & bit) != 0) {
      if (n != tail) {
        unlink(n);
        append(n);
      }
      return;
    }
    blocksStored++;
    groupMask[g] |= bit;
    append(n);
    if (++size > capacityBlocks) {
      evictHead();
    }
  }

  private void evictHead() {
    int v = head;
    int g = v / GROUP;
    long victim = (groupKey[g] << SHIFT) | (v % GROUP);
    unlink(v);
    size--;
    blocksEvicted++;
    groupMask[g] &= ~(1 << (v % GROUP));
    if (groupMask[g] == 0) { // the group's last block: its slot is free for another group
      groups.remove(groupKey[g]);
      if (cachedGroup == g) {
        cachedGroup = NONE;
        cachedKey = -1;
      }
      groupKey[g] = freeGroups;
      freeGroups = g;
    }
    if (next != null) {
      next.put(victim);
    }
  }

  /** The node holding {@code hash}, or NONE. */
  private int node(long hash) {
    int g = group(hash >>> SHIFT, false);
    if (g == NONE || (groupMask[g] & (1 << (int) (hash & (GROUP - 1)))) == 0) {
      return NONE;
    }
    return g * GROUP + (int) (hash & (GROUP - 1));
  }

  /** The slot of group {@code key}; when absent, NONE or (create) a new empty slot. */
  private int group(long key, boolean create) {
    if (key == cachedKey) {
      return cachedGroup;
    }
    int g = groups.get(key);
    if (g < 0) {
      if (!create) {
        return NONE;
      }
      g = newGroup(key);
    }
    cachedKey = key;
    cachedGroup = g;
    return g;
  }

  private int newGroup(long key) {
    int g;
    if (freeGroups != NONE) {
      g = freeGroups;
      freeGroups = (int) groupKey[g];
    } else {
      g = groupSlots++;
      if (g == groupKey.length) {
        int capacity = g * 2;
        groupKey = Arrays.copyOf(groupKey, capacity);
        groupMask = Arrays.copyOf(groupMask, capacity);
        prev = Arrays.copyOf(prev, capacity * GROUP);
        nextNode = Arrays.copyOf(nextNode, capacity * GROUP);
      }
    }
    groupKey[g] = key;
    groupMask[g] = 0;
    groups.put(key, g);
    return g;
  }

  private void unlink(int n) {
    int p = prev[n];
    int x = nextNode[n];
    if (p != NONE) {
      nextNode[p] = x;
    } else {
      head = x;
    }
    if (x != NONE) {
      prev[x] = p;
    } else {
      tail = p;
    }
  }

  private void append(int n) {
    prev[n] = tail;
    nextNode[n] = NONE;
    if (tail != NONE) {
      nextNode[tail] = n;
    } else {
      head = n;
    }
    tail = n;
  }
}
