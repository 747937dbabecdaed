package dev.capacity.plugin.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders every quantile table of a simulation's {@code plots/} folder as {@code plots/<metric>.svg}. */
public final class PlotWriter {
  private PlotWriter() {}

  /** @return the number of charts written (0 when the folder does not exist) */
  public static int write(Path plotsDir) throws IOException {
    if (!Files.isDirectory(plotsDir)) {
      return 0;
    }
    List<Path> tables = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(plotsDir, "*.csv")) {
      ds.forEach(tables::add);
    }
    tables.sort(null);
    int n = 0;
    for (Path csv : tables) {
      QuantileTable t = QuantileTable.read(csv);
      if (t == null || t.values().length == 0) {
        continue;
      }
      String name = csv.getFileName().toString().replaceFirst("\\.csv$", "");
      Path svg = plotsDir.resolve(name + ".svg");
      Path tmp = plotsDir.resolve("." + name + ".svg.tmp");
      Files.writeString(tmp, Svg.document(Charts.cdf(t, null), 640, 400, Svg.idToken(name)), StandardCharsets.UTF_8);
      Files.move(tmp, svg, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      n++;
    }
    return n;
  }
}
