package dev.capacity.simulator.kvcache;

import java.util.Arrays;

/**
 * A lower tier of the KV cache: CPU memory of one replica, or a pool shared by replicas (Mooncake's
 * distributed store, LMCache's remote backend). It holds KV blocks by hash only, least recently used
 * first out; a block evicted here goes on to the {@link #next} tier, if any, instead of being dropped.
 * A GPU cache offloads the blocks it evicts into its first lower tier (see {@link KvCacheManager}).
 *
 * <p>Slots are int-linked in primitive arrays that grow with use up to the capacity, so a large pool
 * costs memory only for what it holds.
 */
public final class KvTier {
  private static final int NONE = -1;

  private final String name;
  private final long capacityBlocks;
  private final KvTier next;
  private final LongIntHashMap slots = new LongIntHashMap(1024);
  private long[] slotHash = new long[1024];
  private int[] prev = new int[1024];
  private int[] nextSlot = new int[1024];
  /** Least recently used slot (evicted first) and most recently used. */
  private int head = NONE;
  private int tail = NONE;
  private int size;

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
  public int size() { return size; }
  /** Blocks put here that were not here already (offloads in). */
  public long blocksStored() { return blocksStored; }
  /** Blocks pushed out for lack of room (passed on to {@link #next} when there is one). */
  public long blocksEvicted() { return blocksEvicted; }

  public boolean contains(long hash) {
    return slots.get(hash) >= 0;
  }

  /** Marks a held block as just used (a hit read it); does nothing when it is not held. */
  public void touch(long hash) {
    int s = slots.get(hash);
    if (s >= 0 && s != tail) {
      unlink(s);
      append(s);
    }
  }

  /**
   * Stores a block (an offload from the tier above): refreshed when already held, else taking the least
   * recently used block's room when full, that block moving down to {@link #next}.
   */
  public void put(long hash) {
    int s = slots.get(hash);
    if (s >= 0) {
      if (s != tail) {
        unlink(s);
        append(s);
      }
      return;
    }
    blocksStored++;
    if (size == capacityBlocks) {
      s = head;
      long victim = slotHash[s];
      unlink(s);
      slots.remove(victim);
      blocksEvicted++;
      if (next != null) {
        next.put(victim);
      }
    } else {
      s = size++;
      if (s == slotHash.length) {
        int capacity = (int) Math.min(capacityBlocks, (long) s * 2);
        slotHash = Arrays.copyOf(slotHash, capacity);
        prev = Arrays.copyOf(prev, capacity);
        nextSlot = Arrays.copyOf(nextSlot, capacity);
      }
    }
    slotHash[s] = hash;
    slots.put(hash, s);
    append(s);
  }

  private void unlink(int s) {
    int p = prev[s];
    int n = nextSlot[s];
    if (p != NONE) {
      nextSlot[p] = n;
    } else {
      head = n;
    }
    if (n != NONE) {
      prev[n] = p;
    } else {
      tail = p;
    }
  }

  private void append(int s) {
    prev[s] = tail;
    nextSlot[s] = NONE;
    if (tail != NONE) {
      nextSlot[tail] = s;
    } else {
      head = s;
    }
    tail = s;
  }
}
