package org.snaptune.apk;

import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.OutputMode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
   * Dexes {@code program} (jars) against {@code libraries} (android-all, the JDK) into {@code outDir},
   * which is emptied first.
   *
   * @throws BuildException with D8's error messages
   */
  static void dex(List<Path> program, List<Path> libraries, int minSdk, Path outDir, Consumer<String> warnings)
      throws BuildException, IOException {
    ExplodedAar.deleteTree(outDir);
    Files.createDirectories(outDir);
    List<String> errors = new ArrayList<>();
    int[] warningCount = {0};
    DiagnosticsHandler handler = new DiagnosticsHandler() {
      @Override
      public void error(Diagnostic d) {
        errors.add(describe(d));
      }

      @Override
      public void warning(Diagnostic d) {
        warningCount[0]++;
        warnings.accept(describe(d));
      }

      @Override
      public void info(Diagnostic d) {
        // D8's info diagnostics are about its own heuristics; nothing to act on.
      }
    };
    try {
      D8Command command = D8Command.builder(handler)
          .addProgramFiles(program)
          .addLibraryFiles(libraries)
          .setMinApiLevel(minSdk)
          .setMode(CompilationMode.RELEASE)
          .setOutput(outDir, OutputMode.DexIndexed)
          .build();
      D8.run(command);
    } catch (CompilationFailedException e) {
      throw new BuildException("D8 failed to dex the app:\n  " + String.join("\n  ", errors)
          + "\n(" + e.getMessage() + "). A class compiled for a newer Java or a missing dependency is the usual cause.",
          e);
    }
    if (warningCount[0] > 0) {
      warnings.accept(warningCount[0] + " D8 warning(s) in total");
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
