package org.snaptune.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a main class in a child JVM with this JVM's class path, so that native code which may crash
 * (TFLite kernels fed an untrusted model) can only end the child. The child's crash log
 * ({@code hs_err_pid*.log}) goes to a private temporary folder that is deleted afterwards, never to
 * the user's working directory. Stateless and thread-safe.
 */
public final class ChildJvm {

  /** What a finished child did. Immutable. */
  public static final class Result {
    public final int exitCode;
    public final String output;
    public final boolean timedOut;

    Result(int exitCode, String output, boolean timedOut) {
      this.exitCode = exitCode;
      this.output = output;
      this.timedOut = timedOut;
    }

    /** The text after the first line starting with {@code prefix}, or null. */
    public String line(String prefix) {
      for (String l : output.split("\n")) {
        if (l.startsWith(prefix)) {
          return l.substring(prefix.length()).trim();
        }
      }
      return null;
    }
  }

  private ChildJvm() {}

  /**
   * Runs {@code mainClass} with {@code args} (and {@code jvmOptions} such as -Xmx) and waits at
   * most {@code timeoutSeconds}; a child still running then is killed.
   */
  public static Result run(Class<?> mainClass, List<String> jvmOptions, List<String> args,
      long timeoutSeconds) throws IOException {
    Path dir = Files.createTempDirectory("snaptune-child");
    try {
      List<String> cmd = new ArrayList<>(Arrays.asList(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-XX:-CreateCoredumpOnCrash",
          "-cp", absoluteClassPath()));
      String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
      if (cache != null) {
        cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
      }
      cmd.addAll(jvmOptions);
      cmd.add(mainClass.getName());
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .start();
      Drain drain = new Drain(p.getInputStream());
      drain.start();
      boolean done;
      try {
        done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IllegalStateException("interrupted while waiting for a child process", e);
      }
      if (!done) {
        p.destroyForcibly();
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String out = drain.text();
      if (out.contains("Could not create the Java Virtual Machine")
          || out.contains("Could not find or load main class")) {
        // Not the model's fault: say so instead of blaming the model for a crash.
        throw new IllegalStateException("cannot start a child JVM: "
            + out.trim().replace('\n', ' '));
      }
      return new Result(done ? p.exitValue() : -1, out, !done);
    } finally {
      deleteTree(dir);
    }
  }

  /** This JVM's class path with every entry absolute: the child runs in another folder. */
  static String absoluteClassPath() {
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      if (cp.length() > 0) {
        cp.append(File.pathSeparatorChar);
      }
      cp.append(Paths.get(entry).toAbsolutePath());
    }
    return cp.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Reads the child's output on its own thread so a chatty child never blocks on a full pipe. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Drain(InputStream in) {
      super("child-output");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try {
        for (int n; (n = in.read(chunk)) > 0; ) {
          synchronized (buf) {
            // Keep the first 1 MiB: enough for the result lines, bounded for a runaway child.
            if (buf.size() < (1 << 20)) {
              buf.write(chunk, 0, n);
            }
          }
        }
      } catch (IOException e) {
        // The child ended; what was read so far is the output.
      }
    }

    String text() {
      try {
        join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (buf) {
        return new String(buf.toByteArray(), StandardCharsets.UTF_8);
      }
    }
  }
}
