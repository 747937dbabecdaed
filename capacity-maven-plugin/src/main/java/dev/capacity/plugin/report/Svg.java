package dev.capacity.plugin.report;

import java.awt.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Renders a chart to SVG text. JFreeSVG prefixes its {@code <defs>} ids (clip paths, gradients) with a
 * time-based key by default; we set it from the caller's id instead, so the same results give the same
 * bytes and several charts inlined into one page never share an id.
 */
public final class Svg {
  private Svg() {}

  /**
   * @param id a document-unique id (letters, digits, '-', '_'), used for the root element and the defs
   */
  public static String render(JFreeChart chart, int width, int height, String id) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-");
    chart.setAntiAlias(true);
    chart.draw(g, new Rectangle(0, 0, width, height));
    return g.getSVGElement(id);
  }

  /** A standalone SVG file's text (XML declaration included). */
  public static String document(JFreeChart chart, int width, int height, String id) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render(chart, width, height, id) + "\n";
  }

  /** Makes an id-safe token of arbitrary text. */
  public static String idToken(String s) {
    return s.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
