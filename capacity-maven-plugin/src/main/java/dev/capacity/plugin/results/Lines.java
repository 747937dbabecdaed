package dev.capacity.plugin.results;

import java.util.ArrayList;
import java.util.List;

/** Lists for messages: long ones clipped, with the count of what was left out. */
public final class Lines {
  private Lines() {}

  /** The first {@code max} items, then "... and N more" when there were more. */
  public static List<String> clip(List<String> items, int max) {
    if (items.size() <= max) {
      return List.copyOf(items);
    }
    List<String> out = new ArrayList<>(items.subList(0, max));
    out.add("... and " + (items.size() - max) + " more");
    return out;
  }
}
