package dev.capacity.plugin.study;

/** {@code search_for}: what a search config varies. */
public enum SearchMode {
  /** Largest QPS meeting the SLO at a fixed replica count. */
  QPS("qps"),
  /** Smallest replica count meeting the SLO at a fixed QPS. */
  NUM_REPLICAS("num_replicas"),
  /** No search: one probe per QPS multiplier. */
  ISOQPS("isoqps");

  private final String yamlName;

  SearchMode(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  static SearchMode fromYaml(String name) {
    for (SearchMode m : values()) {
      if (m.yamlName.equals(name)) {
        return m;
      }
    }
    return null;
  }
}
