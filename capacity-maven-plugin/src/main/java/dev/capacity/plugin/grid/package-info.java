/** The job grid: a study's Cartesian product in the reference's order, with its keys and hashes. */
package dev.capacity.plugin.grid;
