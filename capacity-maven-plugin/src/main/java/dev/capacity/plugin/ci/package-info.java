/**
 * What CI systems read from a gated study: {@code junit.xml} (test reports) and {@code summary.md}
 * (GitHub's step summary or a pull-request comment), both from the gate's own comparisons and messages.
 */
package dev.capacity.plugin.ci;
