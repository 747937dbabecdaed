package dev.capacity.plugin.study;

import java.nio.file.Path;

/**
 * One {@code traces[]} item.
 *
 * @param traceFile resolved against the study YAML's directory
 * @param traceFileAt where its {@code trace_file:} value is, for problems of the file's content
 * @param maxSeqLenAt where its {@code max_seq_len:} value is, for problems of clipping
 * @param enablePrefixCaching honoured by our simulator; the reference required the key but always
 *     enabled caching, so the default is true
 */
public record TraceSpec(String name, Path traceFile, int maxSeqLen, boolean enablePrefixCaching,
    Location at, Location traceFileAt, Location maxSeqLenAt) {
  public String key() {
    return name + "_tk" + maxSeqLen;
  }
}
