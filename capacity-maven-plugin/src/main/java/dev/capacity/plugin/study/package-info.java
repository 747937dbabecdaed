/**
 * The study: Vidur's config-explorer YAML (reference §7.2) read into records, validated as a whole
 * before anything runs, and the SLO judgement of a finished simulation.
 *
 * <p>Our own settings (seed, time_limit in minutes, max_iterations, min_search_granularity in
 * percent, min_qps) live in one optional top-level {@code capacity:} map rather than as loose
 * top-level keys: the rest of the file stays exactly Vidur's schema (which ignores unknown top-level
 * keys), and the namespace keeps our additions from colliding with future reference keys. No Maven
 * types here: the plugin maps {@link dev.capacity.plugin.study.StudyValidationException} to a
 * MojoFailureException.
 */
package dev.capacity.plugin.study;
