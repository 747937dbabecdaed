package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.results.PrefixHits;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** probe.json: what a rerun reuses must read back equal, and older files without newer fields still load. */
class ProbeResultTest {
  private static ProbeResult probe(PrefixHits hits) {
    return new ProbeResult(8, 7.375, "fp", "runs/aaaa0000/r8_q7.375/simulation", 3000, 2990, 10, 420.5, false,
        false, Map.of("prefill_e2e_time_p90", 2.5), Map.of(), Map.of(), hits);
  }

  @Test
  void prefixHitsByTierReadBackEqual() throws Exception {
    ProbeResult tiered = probe(PrefixHits.of(10_000, 1_320, true, 530L, null));
    String json = Json.MAPPER.writeValueAsString(tiered);
    assertThat(json).contains("\"prefixHits\" : {", "\"total\" : 0.132", "\"gpu\" : 0.079", "\"cpu\" : 0.053")
        .doesNotContain("\"pool\"");
    assertThat(Json.MAPPER.readValue(json, ProbeResult.class)).isEqualTo(tiered);
    // written again, the same bytes: a rerun that reuses the probe writes what a fresh run did
    assertThat(Json.MAPPER.writeValueAsString(Json.MAPPER.readValue(json, ProbeResult.class))).isEqualTo(json);

    ProbeResult gpuOnly = probe(PrefixHits.of(1_000, 77, false, null, null));
    String plain = Json.MAPPER.writeValueAsString(gpuOnly);
    assertThat(plain).contains("\"total\" : 0.077").doesNotContain("\"gpu\"");
    assertThat(Json.MAPPER.readValue(plain, ProbeResult.class)).isEqualTo(gpuOnly);
  }

  @Test
  void withoutPrefixCachingOrFromAnOlderPluginThereAreNoHits() throws Exception {
    String json = Json.MAPPER.writeValueAsString(probe(null));
    assertThat(json).doesNotContain("prefixHits");
    ProbeResult older = Json.MAPPER.readValue(
        "{\"replicas\":2,\"qps\":1.5,\"fingerprint\":\"fp\",\"percentiles\":{},\"verdicts\":{}}", ProbeResult.class);
    assertThat(older.prefixHits()).isNull();
    assertThat(older.replicas()).isEqualTo(2);
  }
}
