package dev.capacity.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The A100-40GB reads the A100's compute and a100_dgx's network profiles, and has its own peaks. */
class A100FortyGbProfilesTest {
  private static final ModelSpec LLAMA3_8B = Catalog.model("meta-llama/Meta-Llama-3-8B");

  @Test
  void device_and_node_numbers() {
    DeviceSpec d = Catalog.device("a100_40gb");
    assertThat(d.totalMemoryGb()).isEqualTo(40);
    assertThat(d.peakTflops()).isEqualTo(312);
    assertThat(d.memoryBandwidthGbps()).isEqualTo(1555);
    assertThat(d.profilesOf()).isEqualTo("a100");
    NodeSpec n = Catalog.node("a100_40gb_dgx");
    assertThat(n.device()).isSameAs(d);
    assertThat(n.devicesPerNode()).isEqualTo(8);
    assertThat(n.profilesOf()).isEqualTo("a100_dgx");
    // the existing devices read their own profiles
    assertThat(Catalog.A100.profilesOf()).isEqualTo("a100");
    assertThat(Catalog.node("h100_dgx").profilesOf()).isEqualTo("h100_dgx");
  }

  @Test
  void reads_the_a100_profiles_without_fallback() {
    NodeSpec n = Catalog.node("a100_40gb_dgx");
    assertThat(ProfileRepository.mlpPath(LLAMA3_8B, n.device()))
        .isEqualTo("compute/a100/meta-llama/Meta-Llama-3-8B/mlp.csv");
    assertThat(ProfileRepository.networkPath(n, "all_reduce")).isEqualTo("network/a100_dgx/all_reduce.csv");
    ProfileRepository profiles = ProfileRepository.classpath();
    assertThat(profiles.digest(LLAMA3_8B, n)).isEqualTo(profiles.digest(LLAMA3_8B, Catalog.node("a100_dgx")));
    for (int tp : new int[] {1, 2, 4, 8}) {
      List<String> warnings = new ArrayList<>();
      TimingModels.create(LLAMA3_8B, n, tp, 1, profiles, warnings::add);
      assertThat(warnings).as("tp=" + tp).isEmpty();
      assertThat(profiles.linearOps(LLAMA3_8B, n.device(), tp).orElseThrow().valueAt(512))
          .isEqualTo(profiles.linearOps(LLAMA3_8B, Catalog.A100, tp).orElseThrow().valueAt(512));
    }
  }
}
