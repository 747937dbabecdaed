package dev.capacity.plugin.search;

/** A probe and whether it met the SLO. */
public record ProbeVerdict(Probe probe, boolean passed) {}
