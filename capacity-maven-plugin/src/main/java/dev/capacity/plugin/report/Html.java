package dev.capacity.plugin.report;

/**
 * The escaping helper of the HTML report. The report is built with a plain {@link StringBuilder}: it is one
 * page of tables and inline SVG, so a templating engine would add a dependency for no gain; every text
 * that comes from results goes through {@link #esc}.
 */
public final class Html {
  private Html() {}

  /** Text or attribute value, escaped for HTML. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
