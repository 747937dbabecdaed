package dev.capacity.plugin.study;

/** How several SLOs of one config combine per request; ignored when there is only one. */
public enum SloType {
  AND,
  OR
}
