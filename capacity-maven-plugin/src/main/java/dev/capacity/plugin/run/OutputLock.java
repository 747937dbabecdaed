package dev.capacity.plugin.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One run per output folder: an exclusive lock on {@code <folder>/.lock}, held for the whole goal. Two
 * runs writing one folder would delete each other's half-written probes and leave one run's results
 * beside the other's report. The lock is the operating system's (a POSIX record lock on Linux, a
 * LockFileEx lock on Windows), so a run that is killed, even with SIGKILL, releases it with its process:
 * a stale lock file never blocks. The file holds who took it, for the message a second run prints.
 */
public final class OutputLock implements AutoCloseable {
  public static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Thrown when another run holds the folder. */
  public static final class HeldException extends Exception {
    public HeldException(String message) {
      super(message);
    }
  }

  /**
   * Takes the folder's lock at once or fails, naming the folder and the holder.
   *
   * @param goal what this run is, recorded for a second run's message (e.g. "capacity:search")
   */
  public static OutputLock acquire(Path folder, String goal) throws HeldException, IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another goal of this same JVM (a parallel build)
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new HeldException("output folder " + folder + " is in use by another run ("
          + (holder.isEmpty() ? "holder unknown" : holder) + "; lock file " + file + "). Wait for it to"
          + " finish, or give this run its own folder with -Dcapacity.outputDirectory=<dir>. A killed run"
          + " releases the lock with its process, so this is a run that is still alive.");
    }
    String me = goal + ", pid " + ProcessHandle.current().pid() + " on " + host() + ", started "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
    return new OutputLock(channel, lock);
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(512);
      int n = channel.read(buf, 0);
      return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** From the environment: a host name lookup can stall for seconds where DNS is missing. */
  private static String host() {
    for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String v = System.getenv(var);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return "this host";
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
