package dev.capacity.plugin.run;

/** Where a study run reports progress: the Mojo forwards to Maven's log. Called from one thread. */
public interface RunListener {
  void info(String message);

  void warn(String message);

  void debug(String message);

  boolean isDebugEnabled();

  /** A listener that drops everything (tests). */
  RunListener SILENT =
      new RunListener() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}

        @Override
        public boolean isDebugEnabled() {
          return false;
        }
      };

  /** A listener that appends info and warnings to {@code lines} (tests). */
  static RunListener collecting(java.util.List<String> lines) {
    return new RunListener() {
      @Override
      public void info(String message) {
        lines.add(message);
      }

      @Override
      public void warn(String message) {
        lines.add(message);
      }

      @Override
      public void debug(String message) {}

      @Override
      public boolean isDebugEnabled() {
        return false;
      }
    };
  }
}
