package dev.capacity.plugin.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** The JVM's peak heap use so far (the sum of the heap pools' peaks) and its cap, in MB. */
public final class HeapPeak {
  private HeapPeak() {}

  public static long peakMegabytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  public static long maxMegabytes() {
    return Runtime.getRuntime().maxMemory() >> 20;
  }

  /** For the log: "peak heap 1327 MB of 2048 MB (whole JVM)". */
  public static String describe() {
    return "peak heap " + peakMegabytes() + " MB of " + maxMegabytes() + " MB (whole JVM)";
  }
}
