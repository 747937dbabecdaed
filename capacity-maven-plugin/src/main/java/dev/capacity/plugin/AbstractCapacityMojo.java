package dev.capacity.plugin;

import dev.capacity.plugin.run.InputChecks;
import dev.capacity.plugin.run.Json;
import dev.capacity.plugin.run.RunListener;
import dev.capacity.plugin.study.CapacitySettings;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.ScoringVocabulary;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.plugin.study.StudyValidationException;
import dev.capacity.plugin.study.Vocabulary;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.timing.ProfileRepository;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every capacity goal shares: the study file, the output directory, the skip switch, and the
 * simulator set up with the study project's own classes (custom routers and replica schedulers).
 */
abstract class AbstractCapacityMojo extends AbstractMojo {
  /** The study definition (Vidur config-explorer YAML plus an optional {@code capacity:} map). */
  @Parameter(property = "capacity.config", defaultValue = "${project.basedir}/capacity.yaml")
  File config;

  /** Where results, reports and the reference's run layout go. */
  @Parameter(property = "capacity.outputDirectory", defaultValue = "${project.build.directory}/capacity")
  File outputDirectory;

  /** Skips the goal with one line. */
  @Parameter(property = "capacity.skip", defaultValue = "false")
  boolean skip;

  /** Overrides the study's seed (its {@code capacity: seed:}, default 42). */
  @Parameter(property = "capacity.seed")
  Long seed;

  /**
   * A directory of Vidur-layout profiles ({@code compute/<device>/<org>/<model>/mlp.csv},
   * {@code network/<node>/...}) taking precedence over the bundled ones.
   */
  @Parameter(property = "capacity.profiles")
  File profiles;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor plugin;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("capacity: skipped (capacity.skip=true)");
      return;
    }
    executeGoal();
  }

  abstract void executeGoal() throws MojoExecutionException, MojoFailureException;

  String pluginVersion() {
    return plugin == null ? "unknown" : plugin.getVersion();
  }

  /** The project's compiled classes and runtime dependencies, so ServiceLoader finds its policies. */
  ClassLoader projectClassLoader() throws MojoExecutionException {
    List<URL> urls = new ArrayList<>();
    if (project != null) {
      try {
        for (String element : project.getRuntimeClasspathElements()) {
          urls.add(new File(element).toURI().toURL());
        }
      } catch (DependencyResolutionRequiredException | MalformedURLException e) {
        throw new MojoExecutionException("cannot build the study project's class path: " + e.getMessage(), e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
  }

  Simulator simulator() throws MojoExecutionException {
    ProfileRepository repo =
        profiles == null ? ProfileRepository.classpath() : ProfileRepository.withOverride(profiles.toPath());
    return new Simulator(projectClassLoader(), repo, w -> getLog().warn("capacity: " + w));
  }

  /** Reads and validates the study, naming every problem with file, line and column. */
  Study readStudy(Simulator simulator) throws MojoFailureException, MojoExecutionException {
    if (!config.isFile()) {
      throw new MojoFailureException(
          "capacity: no study file at " + config + "; create capacity.yaml in the project directory or set"
              + " -Dcapacity.config=<file> (or <config> in the plugin configuration)");
    }
    Set<String> routers = simulator.routers().names();
    Set<String> schedulers = simulator.replicaSchedulers().names();
    Set<String> extraSchedulers =
        schedulers.stream().filter(s -> !Vocabulary.BUILTIN_REPLICA_SCHEDULERS.contains(s)).collect(Collectors.toSet());
    Vocabulary vocabulary =
        Vocabulary.builtin().withRouters(routers).withReplicaSchedulers(extraSchedulers, extraSchedulers);
    try {
      Study study = StudyReader.read(config.toPath(), vocabulary,
          ScoringVocabulary.of(simulator.routers().scoringPlugins()));
      if (seed != null) {
        study = withSeed(study, seed);
      }
      // the catalog and the parsed traces, before anything runs (a run would fail per job or mislead)
      InputChecks.Findings findings = InputChecks.check(study, simulator, outputDirectory.toPath());
      findings.warnings().forEach(w -> getLog().warn("capacity: " + w));
      if (!findings.problems().isEmpty()) {
        throw new StudyValidationException(findings.problems());
      }
      return study;
    } catch (StudyValidationException e) {
      throw new MojoFailureException("capacity: invalid study " + config + "\n" + e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot read " + config + ": " + e.getMessage(), e);
    }
  }

  /** The same study with another seed (arrival stream and simulation). */
  static Study withSeed(Study study, long seed) {
    CapacitySettings s = study.settings();
    return new Study(study.file(), study.clusters(), study.globalSchedulers(), study.requestQueues(),
        study.replicaSchedulers(), study.sloConfigs(), study.traces(), study.batchSizes(),
        study.tpDimensions(), study.ppDimensions(), study.models(), study.searchConfigs(),
        new CapacitySettings(seed, s.timeLimitMinutes(), s.maxIterations(),
            s.minSearchGranularityPercent(), s.minQps(), s.targetQps()));
  }

  /** Writes the study YAML as JSON ({@code config.json}), as the reference's explorer does. */
  void writeStudyJson() throws IOException {
    writeStudyJson(outputDirectory.toPath());
  }

  void writeStudyJson(java.nio.file.Path dir) throws IOException {
    Object yaml = new org.yaml.snakeyaml.Yaml().load(Files.readString(config.toPath()));
    Json.writeAtomically(dir.resolve("config.json"), yaml);
  }

  RunListener listener() {
    return new RunListener() {
      @Override
      public void info(String message) {
        getLog().info(message);
      }

      @Override
      public void warn(String message) {
        getLog().warn(message);
      }

      @Override
      public void debug(String message) {
        getLog().debug(message);
      }

      @Override
      public boolean isDebugEnabled() {
        return getLog().isDebugEnabled();
      }
    };
  }
}
