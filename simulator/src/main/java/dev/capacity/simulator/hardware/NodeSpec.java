package dev.capacity.simulator.hardware;

/** A node SKU: its name is the network-profile folder, e.g. {@code h100_dgx}. */
public record NodeSpec(String name, DeviceSpec device, int devicesPerNode) {}
