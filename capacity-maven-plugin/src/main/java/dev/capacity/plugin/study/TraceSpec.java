package dev.capacity.plugin.study;

import java.nio.file.Path;

/**
 * One {@code traces[]} item.
 *
 * @param traceFile resolved against the study YAML's directory
 * @param enablePrefixCaching honoured by our simulator; the reference required the key but always
 *     enabled caching, so the default is true
 */
public record TraceSpec(String name, Path traceFile, int maxSeqLen, boolean enablePrefixCaching,
    Location at) {
  public String key() {
    return name + "_tk" + maxSeqLen;
  }
}
