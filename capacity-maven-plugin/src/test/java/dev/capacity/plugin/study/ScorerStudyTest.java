package dev.capacity.plugin.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scheduler: scorer} items: their parts, weightings as a dimension, and their problems at their lines. */
class ScorerStudyTest {
  @TempDir Path dir;

  private Path write(String routers) throws IOException {
    Files.createDirectories(dir.resolve("traces"));
    Files.writeString(dir.resolve("traces/t.csv"), "arrived_at,num_prefill_tokens\n");
    Path file = dir.resolve("study.yml");
    Files.writeString(file, StudyReaderTest.VALID.replace("""
        global_schedulers:
          - scheduler: round_robin
          - scheduler: tolerant_sticky_lop_uncached
            tolerance_factor: 2.0
        """, "global_schedulers:\n" + routers));
    return file;
  }

  private List<String> problems(String routers) throws IOException {
    StudyValidationException e = catchThrowableOfType(() -> StudyReader.read(write(routers)),
        StudyValidationException.class);
    assertThat(e).as("expected validation problems").isNotNull();
    return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
  }

  @Test
  void weightingsExpandIntoOneRouterEach() throws Exception {
    Study study = StudyReader.read(write("""
          - scheduler: lop_uncached
          - scheduler: scorer
            filters: [prefix_cache_affinity]
            scorers:
              - {name: prefix_cache, weight: 3, lru_capacity_per_server: 5000}
              - name: queue
            picker: {name: top_k, k: 2}
            weightings:
              - {prefix_cache: 3, queue: 2}
              - {prefix_cache: 1}
          - scheduler: scorer
            label: llmd
            scorers: [precise_prefix_cache, kv_cache_utilization]
        """));
    assertThat(study.globalSchedulers()).extracting(GlobalSchedulerSpec::key).containsExactly(
        "lop_uncached",
        "scorer_filters-prefix_cache_affinity_prefix_cache(lru_capacity_per_server=5000)-3_queue-2_top_k2",
        "scorer_filters-prefix_cache_affinity_prefix_cache(lru_capacity_per_server=5000)-1_queue-1_top_k2",
        "scorer_llmd");
    GlobalSchedulerSpec first = study.globalSchedulers().get(1);
    assertThat(first.at().line()).isEqualTo(7);
    assertThat(first.routerParams()).isEqualTo(Map.of(
        "filters", List.of(Map.of("name", "prefix_cache_affinity")),
        "scorers", List.of(Map.of("name", "prefix_cache", "weight", 3.0, "lru_capacity_per_server", 5000L),
            Map.of("name", "queue", "weight", 2.0)),
        "picker", Map.of("name", "top_k", "k", 2)));
    assertThat(study.globalSchedulers().get(0).routerParams()).isEmpty();
  }

  @Test
  void aLabelledScorerWithWeightingsNamesTheWeights() throws Exception {
    Study study = StudyReader.read(write("""
          - scheduler: scorer
            label: llmd
            scorers: [prefix_cache, queue]
            weightings: [{prefix_cache: 3, queue: 1}, {prefix_cache: 1.5}]
        """));
    assertThat(study.globalSchedulers()).extracting(GlobalSchedulerSpec::key)
        .containsExactly("scorer_llmd_prefix_cache-3_queue-1", "scorer_llmd_prefix_cache-1.5_queue-1");
  }

  @Test
  void reportsScorerProblemsAtTheirLinesWithTheAllowedValues() throws Exception {
    List<String> problems = problems("""
          - scheduler: scorer
            filters: [session_affinity]
            scorers:
              - {name: queue, weight: -1}
              - {name: load_aware, treshold: 4}
              - name: queue_depth
            picker: top_k
            weightings: [{prefix_cache: 2}]
          - scheduler: lor
            scorers: [queue]
          - scheduler: scorer
            scorers: [queue]
            picker: {name: random, k: 2}
          - scheduler: scorer
          - scheduler: round_robin
        """);
    assertThat(problems).containsExactly(
        "7:15: global_schedulers[0].filters[0]: unknown filter 'session_affinity'; allowed:"
            + " prefix_cache_affinity, sticky_tolerance, sticky_top_k",
        "9:31: global_schedulers[0].scorers[0].weight: must be at least 0, found -1",
        "10:28: global_schedulers[0].scorers[1]: unknown key 'treshold'; allowed keys here: name, weight,"
            + " threshold",
        "11:15: global_schedulers[0].scorers[2].name: unknown scorer 'queue_depth'; allowed: active_request,"
            + " kv_cache_utilization, load_aware, outstanding_prefill, precise_prefix_cache, prefill_imbalance,"
            + " prefix_cache, queue, running_requests, session_affinity",
        "12:13: global_schedulers[0].picker: the top_k picker requires 'k': write picker: {name: top_k, k: 2}",
        "13:19: global_schedulers[0].weightings[0]: unknown key 'prefix_cache'; allowed keys here: load_aware",
        "15:14: global_schedulers[1].scorers: only scorer takes 'scorers', not lor",
        "18:31: global_schedulers[2].picker.k: only the top_k picker takes 'k', not random",
        "19:5: global_schedulers[3]: scorer requires 'scorers'");
  }
}
