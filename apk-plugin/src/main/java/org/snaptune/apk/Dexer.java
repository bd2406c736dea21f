package org.snaptune.apk;

import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.OutputMode;
import com.android.tools.r8.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Turns class files into classes*.dex with D8, in-process. Stateless and thread-safe.
 */
final class Dexer {

  private Dexer() {}

  /**
   * Dexes the app: each dependency jar is dexed once into {@code cacheDir} (keyed by content, D8
   * version and minSdk, like Gradle's artifact transforms: ~/.m2 jars never change), then the app's
   * own classes are dexed and merged with the cached dex in one final D8 run.
   */
  static void dexWithCache(Path appJar, List<Path> dependencies, List<Path> libraries, int minSdk, Path cacheDir,
      Path outDir, Consumer<String> warnings) throws BuildException, IOException {
    Files.createDirectories(cacheDir);
    List<Path> program = new ArrayList<>();
    program.add(appJar);
    for (Path jar : dependencies) {
      Path cached = cacheDir.resolve(cacheKey(jar, minSdk) + ".zip");
      if (!Files.exists(cached)) {
        Path temp = Files.createTempFile(cacheDir, "dex", ".zip");
        try {
          Files.delete(temp);
          run(D8Command.builder(handler(new ArrayList<>(), warnings))
              .addProgramFiles(jar)
              .addLibraryFiles(libraries)
              .addClasspathFiles(dependencies.stream().filter(d -> !d.equals(jar)).toList())
              .setMinApiLevel(minSdk)
              .setMode(CompilationMode.RELEASE)
              .setIntermediate(true)
              .setOutput(temp, OutputMode.DexIndexed), jar.toString());
          Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      program.add(cached);
    }
    ExplodedAar.deleteTree(outDir);
    Files.createDirectories(outDir);
    List<String> errors = new ArrayList<>();
    run(D8Command.builder(handler(errors, warnings))
        .addProgramFiles(program)
        .addLibraryFiles(libraries)
        .addClasspathFiles(dependencies)
        .setMinApiLevel(minSdk)
        .setMode(CompilationMode.RELEASE)
        .setOutput(outDir, OutputMode.DexIndexed), "the app");
  }

  private static void run(D8Command.Builder builder, String what) throws BuildException {
    try {
      D8.run(builder.build());
    } catch (CompilationFailedException e) {
      throw new BuildException("D8 failed to dex " + what + ": " + e.getMessage() + " " + causes(e)
          + ". A class compiled for a newer Java or a missing dependency is the usual cause.", e);
    }
  }

  private static String causes(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append("; ").append(c.getMessage());
    }
    return sb.toString();
  }

  private static DiagnosticsHandler handler(List<String> errors, Consumer<String> warnings) {
    return new DiagnosticsHandler() {
      @Override
      public void error(Diagnostic d) {
        errors.add(describe(d));
        warnings.accept("error: " + describe(d));
      }

      @Override
      public void warning(Diagnostic d) {
        warnings.accept(describe(d));
      }

      @Override
      public void info(Diagnostic d) {
        // D8's info diagnostics are about its own heuristics; nothing to act on.
      }
    };
  }

  /** SHA-256 of the jar's bytes plus everything else that changes D8's output. */
  static String cacheKey(Path jar, int minSdk) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(jar)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
          sha.update(buffer, 0, n);
        }
      }
      sha.update(("|" + Version.getVersionString() + "|" + minSdk + "|release").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** Zips a directory of class files into a jar (D8 takes jars). */
  static void jarDirectory(Path classes, Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    try (OutputStream raw = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(raw)) {
      if (!Files.isDirectory(classes)) {
        return;
      }
      List<Path> files;
      try (Stream<Path> s = Files.walk(classes)) {
        files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
      }
      for (Path f : files) {
        JarEntry e = new JarEntry(classes.relativize(f).toString().replace('\\', '/'));
        e.setTime(0);
        out.putNextEntry(e);
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  private static String describe(Diagnostic d) {
    String origin = d.getOrigin() == null ? "" : d.getOrigin().toString();
    return (origin.isEmpty() || "unknown".equals(origin) ? "" : origin + ": ") + d.getDiagnosticMessage();
  }
}
