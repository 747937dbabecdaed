package dev.capacity.simulator.bench;

import dev.capacity.simulator.kvcache.KvCacheManager;
import dev.capacity.simulator.workload.Trace;
import dev.capacity.simulator.workload.TraceReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Prefix-cache churn: admit the first 2,000 conversation requests one after another on a replica-sized
 * cache (30,208 blocks, Llama-3-8B on one H100): hit lookup, allocation with registration of every
 * block, eviction of the least recently used, release. Reported per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KvCacheBenchmark {
  private static final int REQUESTS = 2000;
  private Trace trace;
  /** The trace's hashes scattered by a bijection: the same sharing, but no two consecutive. */
  private long[] scattered;

  @Setup
  public void setup() {
    trace = TraceReader.readResource("traces/mooncake/conversation_trace.jsonl");
    scattered = trace.blockHashes().clone();
    for (int i = 0; i < scattered.length; i++) {
      scattered[i] *= 0x9E3779B97F4A7C15L; // odd: invertible modulo 2^64
    }
  }

  @Benchmark
  @org.openjdk.jmh.annotations.OperationsPerInvocation(REQUESTS)
  public long admitAndRelease() {
    return churn(trace.blockHashes());
  }

  /**
   * A trace whose block hashes are not consecutive (a CSV trace with arbitrary block_hash_ids): every
   * block is a run of its own, the slow case of the run bookkeeping.
   */
  @Benchmark
  @org.openjdk.jmh.annotations.OperationsPerInvocation(REQUESTS)
  public long admitAndReleaseScatteredHashes() {
    return churn(scattered);
  }

  private long churn(long[] hashes) {
    KvCacheManager kv = new KvCacheManager(30_208, 16, true, 64, hashes, REQUESTS);
    long hits = 0;
    for (int i = 0; i < REQUESTS; i++) {
      int p = trace.prefillTokens()[i];
      int start = trace.hashOffsets()[i];
      int count = trace.numBlocks(i);
      int h = kv.lookupHits(start, count, (p - 1) / 16);
      if (kv.allocate(i, 0, p - h * 16, h, start, count)) {
        hits += h;
        kv.free(i);
      }
    }
    return hits;
  }
}
