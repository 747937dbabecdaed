/**
 * The reference's capacity searches as pure, immutable state machines over probe verdicts, so a
 * driver can run probes of many searches concurrently (and speculatively) while every search takes
 * exactly the path the sequential reference would.
 */
package dev.capacity.plugin.search;
