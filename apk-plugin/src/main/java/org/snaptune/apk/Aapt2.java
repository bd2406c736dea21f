package org.snaptune.apk;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the aapt2 binary (Debian package {@code aapt}): the one external tool the build uses, since the
 * registry's aapt2 artifact carries no native binary. Immutable and thread-safe; every call starts
 * one short-lived process.
 */
final class Aapt2 {

  /** The fix printed whenever aapt2 cannot be started. */
  static final String INSTALL_HINT =
      "install the Debian package aapt (sudo apt-get install -y aapt), or point -Dsnaptune.aapt2=/path/to/aapt2 at a binary";

  private final String executable;
  private final Consumer<String> warnings;

  /**
   * @param executable a path, or a bare name looked up on PATH
   * @param warnings receives aapt2 output lines that are not the known-harmless chatter
   */
  Aapt2(String executable, Consumer<String> warnings) {
    if (executable == null || executable.isBlank()) {
      throw new IllegalArgumentException("aapt2 executable is empty; " + INSTALL_HINT);
    }
    this.executable = executable;
    this.warnings = warnings;
  }

  /**
   * Fails with {@link #INSTALL_HINT} unless the executable exists; cheap enough to call once per build.
   */
  void checkAvailable() throws BuildException {
    String resolved = resolve(executable, System.getenv("PATH"));
    if (resolved == null) {
      throw new BuildException("aapt2 not found ('" + executable + "' is not an executable file or on PATH): "
          + INSTALL_HINT);
    }
  }

  /** Compiles one res/ directory into a zip of .flat files. */
  void compileDir(Path resDir, Path outZip) throws BuildException {
    List<String> args = new ArrayList<>(List.of("compile", "--dir", resDir.toString(), "-o", outZip.toString()));
    run(args, "compiling resources in " + resDir);
  }

  /** Runs {@code aapt2 link} with the given arguments (everything after "link"). */
  void link(List<String> linkArgs, String what) throws BuildException {
    List<String> args = new ArrayList<>();
    args.add("link");
    args.addAll(linkArgs);
    run(args, what);
  }

  private void run(List<String> args, String what) throws BuildException {
    checkAvailable();
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(args);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new BuildException("cannot start aapt2 (" + executable + "): " + e.getMessage() + "; " + INSTALL_HINT, e);
    }
    String output;
    int exit;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      exit = process.waitFor();
    } catch (IOException e) {
      process.destroyForcibly();
      throw new BuildException("reading aapt2 output failed while " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BuildException("interrupted while " + what, e);
    }
    List<String> meaningful = new ArrayList<>();
    for (String line : output.split("\n")) {
      // Debian's aapt2 2.19 does not know a chunk type newer frameworks write; the output is still right.
      if (!line.isBlank() && !line.contains("Unknown chunk type '200'")) {
        meaningful.add(line);
      }
    }
    if (exit != 0) {
      throw new BuildException("aapt2 failed (exit " + exit + ") while " + what + ":\n  "
          + String.join("\n  ", meaningful)
          + "\nFix the resource or manifest named above (file:line) and build again.");
    }
    meaningful.forEach(warnings);
  }

  /** The executable's path if it is runnable, else null; a name without '/' is looked up on PATH. */
  static String resolve(String executable, String pathEnv) {
    if (executable.contains(File.separator)) {
      File f = new File(executable);
      return f.isFile() && f.canExecute() ? f.getPath() : null;
    }
    if (pathEnv == null) {
      return null;
    }
    for (String dir : pathEnv.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      File f = new File(dir, executable);
      if (f.isFile() && f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}
