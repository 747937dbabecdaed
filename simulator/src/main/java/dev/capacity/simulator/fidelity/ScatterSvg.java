package dev.capacity.simulator.fidelity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A predicted-vs-measured scatter plot as a small standalone SVG, log-log, with the y = x line: written by
 * hand so that the simulator needs no chart library (the plugin's JFreeChart stays in the plugin).
 */
final class ScatterSvg {
  record Series(String label, String color, boolean filled, double[] x, double[] y) {}

  private static final int W = 460;
  private static final int H = 420;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 34;
  private static final int BOTTOM = 70;

  private ScatterSvg() {}

  static String render(String title, String axis, List<Series> series) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        for (double v : new double[] {s.x()[i], s.y()[i]}) {
          if (v > 0 && Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    double a = Math.floor(Math.log10(lo) * 4) / 4;
    double b = Math.ceil(Math.log10(hi) * 4) / 4;
    if (b - a < 0.5) {
      a -= 0.25;
      b += 0.25;
    }
    double lx = a;
    double ux = b;
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    java.util.function.DoubleUnaryOperator px = v -> LEFT + (Math.log10(v) - lx) / (ux - lx) * pw;
    java.util.function.DoubleUnaryOperator py = v -> TOP + ph - (Math.log10(v) - lx) / (ux - lx) * ph;
    StringBuilder sb = new StringBuilder();
    sb.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n", W, H, W, H));
    sb.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
    sb.append(f("<text x=\"%d\" y=\"20\" font-size=\"13\" font-weight=\"bold\">%s</text>%n", LEFT, esc(title)));
    sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
        LEFT, TOP, pw, ph));
    for (double t : ticks(lx, ux)) {
      double x = px.applyAsDouble(t);
      double y = py.applyAsDouble(t);
      sb.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", x, TOP, x, TOP + ph));
      sb.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", LEFT, y, LEFT + pw, y));
      sb.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP + ph + 14, label(t)));
      sb.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 4, y + 4, label(t)));
    }
    double l0 = Math.pow(10, lx);
    double l1 = Math.pow(10, ux);
    sb.append(f("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>%n",
        px.applyAsDouble(l0), py.applyAsDouble(l0), px.applyAsDouble(l1), py.applyAsDouble(l1)));
    sb.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">measured %s</text>%n",
        LEFT + pw / 2, TOP + ph + 30, esc(axis)));
    sb.append(f("<text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">predicted %s</text>%n",
        TOP + ph / 2, esc(axis)));
    int legendX = LEFT;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (s.x()[i] > 0 && s.y()[i] > 0 && Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          sb.append(circle(px.applyAsDouble(s.x()[i]), py.applyAsDouble(s.y()[i]), s));
        }
      }
      sb.append(circle(legendX + 4, TOP + ph + 50, s));
      sb.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", legendX + 12, TOP + ph + 54, esc(s.label())));
      legendX += 14 + 6 * s.label().length() + 16;
    }
    sb.append(f("<text x=\"%d\" y=\"%d\" fill=\"#444\">dashed: y = x</text>%n", LEFT + pw - 80, TOP + 14));
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static String circle(double x, double y, Series s) {
    return f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\" fill-opacity=\"0.7\" stroke=\"%s\"/>%n",
        x, y, s.filled() ? s.color() : "none", s.color());
  }

  private static List<Double> ticks(double lo, double hi) {
    List<Double> out = new ArrayList<>();
    for (int e = (int) Math.floor(lo) - 1; e <= Math.ceil(hi); e++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = m * Math.pow(10, e);
        double l = Math.log10(v);
        if (l >= lo - 1e-9 && l <= hi + 1e-9) {
          out.add(v);
        }
      }
    }
    return out;
  }

  private static String label(double v) {
    return v >= 1 ? f("%.0f", v) : f("%s", new java.math.BigDecimal(v).round(new java.math.MathContext(1))
        .stripTrailingZeros().toPlainString());
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
