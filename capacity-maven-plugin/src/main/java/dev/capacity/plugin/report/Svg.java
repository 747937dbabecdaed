package dev.capacity.plugin.report;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Renders a chart to SVG text with Apache Batik's SVG generator. Batik numbers its {@code <defs>} ids
 * (clip paths) from a counter; we prefix them with the caller's id, so the same results give the same
 * bytes and several charts inlined into one page never share an id.
 */
public final class Svg {
  private static final String SVG_NS = "http://www.w3.org/2000/svg";

  private Svg() {}

  /**
   * @param id a document-unique id (letters, digits, '-', '_'), used for the root element and the defs
   */
  public static String render(JFreeChart chart, int width, int height, String id) {
    Document doc;
    try {
      doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
          .createDocument(SVG_NS, "svg", null);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML DOM available: " + e.getMessage(), e);
    }
    SVGGeneratorContext ctx = SVGGeneratorContext.createDefault(doc);
    ctx.setIDGenerator(new org.apache.batik.svggen.SVGIDGenerator() {
      @Override
      public String generateID(String prefix) {
        return id + "-" + super.generateID(prefix);
      }
    });
    ctx.setComment(null);
    ctx.setEmbeddedFontsOn(false);
    SVGGraphics2D g = new SVGGraphics2D(ctx, false);
    g.setSVGCanvasSize(new Dimension(width, height));
    chart.setAntiAlias(true);
    chart.draw(g, new Rectangle(0, 0, width, height));
    Element root = g.getRoot();
    root.setAttribute("id", id);
    root.setAttribute("viewBox", "0 0 " + width + " " + height);
    StringWriter out = new StringWriter();
    try {
      g.stream(root, out, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String svg = out.toString();
    // drop Batik's XML declaration and DOCTYPE: the SVG is inlined into HTML
    int start = svg.indexOf("<svg");
    svg = start > 0 ? svg.substring(start) : svg;
    // Batik names one defs element "genericDefs" in every chart: make it unique per chart too
    return svg.replace("id=\"genericDefs\"", "id=\"" + id + "-genericDefs\"");
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
