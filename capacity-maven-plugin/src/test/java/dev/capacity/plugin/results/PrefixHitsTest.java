package dev.capacity.plugin.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefixHitsTest {
  @Test
  void sharesOfTheAdmittedPromptTokensByTier() {
    PrefixHits h = PrefixHits.of(10_000, 1_320, true, 530L, null);
    assertThat(h.total()).isEqualTo(0.132);
    assertThat(h.gpu()).isEqualTo(0.079); // the hits not loaded from a lower tier
    assertThat(h.cpu()).isEqualTo(0.053);
    assertThat(h.pool()).isNull(); // no pool configured: no share, not 0
    assertThat(h.tiered()).isTrue();

    PrefixHits gpuOnly = PrefixHits.of(1_000, 77, false, null, null);
    assertThat(gpuOnly).isEqualTo(new PrefixHits(0.077, null, null, null));
    assertThat(gpuOnly.tiered()).isFalse();

    assertThat(PrefixHits.of(0, 0, true, 0L, 0L)).isEqualTo(new PrefixHits(0, 0.0, 0.0, 0.0));
  }

  @Test
  void textGivesThePercentAndItsTiers() {
    assertThat(PrefixHits.of(10_000, 1_320, true, 530L, null).text()).isEqualTo("13.2 % (GPU 7.9 + CPU 5.3)");
    assertThat(PrefixHits.of(1_000, 77, false, null, null).text()).isEqualTo("7.7 %");
    assertThat(PrefixHits.of(2_000, 300, true, 100L, 50L).text()).isEqualTo("15.0 % (GPU 7.5 + CPU 5.0 + pool 2.5)");
    assertThat(PrefixHits.of(2_000, 300, true, null, 50L).text()).isEqualTo("15.0 % (GPU 12.5 + pool 2.5)");
    // its two parts, for a report that keeps each on one line
    assertThat(PrefixHits.of(10_000, 1_320, true, 530L, null).totalText()).isEqualTo("13.2 %");
    assertThat(PrefixHits.of(10_000, 1_320, true, 530L, null).tiersText()).isEqualTo("(GPU 7.9 + CPU 5.3)");
    assertThat(PrefixHits.of(1_000, 77, false, null, null).tiersText()).isEmpty();
  }
}
