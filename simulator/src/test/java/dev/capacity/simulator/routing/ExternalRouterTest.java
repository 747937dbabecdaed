package dev.capacity.simulator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.simulator.engine.RequestArrays;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A router compiled separately and found through its own META-INF/services file. */
class ExternalRouterTest {
  static final String SOURCE =
      """
      package ext;

      import dev.capacity.simulator.engine.Request;
      import dev.capacity.simulator.routing.Router;
      import dev.capacity.simulator.routing.RouterContext;
      import dev.capacity.simulator.routing.RouterProvider;

      public final class AlwaysZero implements RouterProvider {
        @Override
        public String name() {
          return "always_zero";
        }

        @Override
        public Router create(RouterContext context) {
          return new Router() {
            @Override
            public int route(Request request) {
              return 0;
            }
          };
        }
      }
      """;

  @Test
  void aSeparatelyCompiledRouterIsLoadedAndUsed(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src/ext/AlwaysZero.java");
    Path out = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(out);
    Files.writeString(src, SOURCE, StandardCharsets.UTF_8);

    // the test classpath, plus the simulator's own classes wherever surefire put them
    String classpath =
        System.getProperty("java.class.path")
            + File.pathSeparator
            + Paths.get(Router.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("tests need a JDK").isNotNull();
    int rc = javac.run(null, null, null, "-d", out.toString(), "-cp", classpath, src.toString());
    assertThat(rc).isZero();
    Path services = out.resolve("META-INF/services/" + RouterProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, "ext.AlwaysZero\n", StandardCharsets.UTF_8);

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      Routers routers = Routers.load(loader);
      assertThat(routers.names()).contains("always_zero", "round_robin", "lop_uncached");
      RouterProvider provider = routers.get("always_zero");
      assertThat(provider.getClass().getClassLoader()).isSameAs(loader);

      RequestArrays reqs = RoutersSimulationTest.sessionWorkload(5, 3, 1);
      Simulation sim = new Simulation(RoutersSimulationTest.setup(reqs, provider, 1, 2000));
      SimulationOutcome out2 = sim.run();
      assertThat(out2.metrics().numCompleted()).isEqualTo(reqs.size());
      for (int i = 0; i < reqs.size(); i++) {
        assertThat(sim.request(i).replica()).isZero();
      }
      assertThat(out2.replicas()[1].numBatches()).isZero();
      assertThat(out2.replicas()[2].numBatches()).isZero();
      assertThat(out2.routerOutstanding()).isNull();
    }
  }
}
