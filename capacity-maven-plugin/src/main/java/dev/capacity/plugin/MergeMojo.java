package dev.capacity.plugin;

import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.OutputLock;
import dev.capacity.plugin.shard.ShardMergeException;
import dev.capacity.plugin.shard.ShardMerger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Merges the N partial outputs of a sharded search ({@code mvn verify -Dcapacity.shard=K/N} on N CI
 * machines) into the output directory: the same {@code results.json}, {@code results.csv}, report and
 * gate verdict as one unsharded run of the study, with the shards' {@code runs/} folders copied in so the
 * report's links work. Runs no simulation. A missing or duplicated shard, shards of different N or of
 * different studies fail the build, naming the shard folders.
 */
@Mojo(name = "merge", threadSafe = true)
public final class MergeMojo extends AbstractGateMojo {
  /**
   * The shard outputs: comma-separated folders or globs, relative to the project directory. Default
   * {@code <outputDirectory>/shard-*-of-*} (that is, {@code target/capacity/shard-*-of-*}).
   */
  @Parameter(property = "capacity.shards")
  String shards;

  @Override
  void executeGoal() throws MojoExecutionException, MojoFailureException {
    checkBaseline(); // a malformed baseline fails before the shards are copied
    Path out = outputDirectory.toPath();
    String spec = shards == null || shards.isBlank() ? out.resolve("shard-*-of-*").toString() : shards;
    Path base = project != null && project.getBasedir() != null ? project.getBasedir().toPath() : Path.of("");
    try (OutputLock lock = lockOutput(out, "capacity:merge")) {
      mergeAndPublish(out, base, spec);
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot release the lock of " + out + ": " + e.getMessage(), e);
    }
  }

  private void mergeAndPublish(Path out, Path base, String spec) throws MojoExecutionException, MojoFailureException {
    ShardMerger.Merged merged;
    try {
      List<Path> dirs = ShardMerger.resolve(base, spec);
      merged = ShardMerger.merge(dirs);
      int copied = ShardMerger.copyRuns(merged.shardDirs(), out);
      getLog().info("capacity: merged " + merged.shardDirs().size() + " shards (" + merged.results().jobs().size()
          + " jobs, " + copied + " run folders) from " + spec);
    } catch (ShardMergeException e) {
      throw new MojoFailureException("capacity: cannot merge the shards " + spec + ":\n  " + e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot merge the shards " + spec + ": " + e.getMessage(), e);
    }
    StudyResults results = merged.results();
    Object granularity = results.settings().get("min_search_granularity_percent");
    publishAndGate(out, results, granularity instanceof Number n ? n.doubleValue() : 0);
  }
}
