package org.snaptune.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.snaptune.io.AtomicFiles;

/**
 * File helpers of the command line: reading with clear errors, and writing atomically
 * ({@link AtomicFiles}: a temp file in the target's folder, fsync, then a rename) so a failed or
 * interrupted command never leaves a half-written output. Stateless and thread-safe.
 */
public final class CliFiles {

  /** Refuse to read more than this: a .tflite the tools handle fits in memory comfortably. */
  static final long MAX_READ_BYTES = 512L << 20;

  private CliFiles() {}

  /** Reads {@code name}; IllegalArgumentException when it is missing, a folder or too large. */
  public static byte[] read(String name, String what) throws IOException {
    Path p = Paths.get(name);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException(what + " '" + name + "' does not exist");
    }
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a regular file");
    }
    long size = Files.size(p);
    if (size > MAX_READ_BYTES) {
      throw new IllegalArgumentException(what + " '" + name + "' has " + size
          + " bytes; at most " + MAX_READ_BYTES + " are supported");
    }
    CliMemory.reading(what + " '" + name + "' (" + size + " bytes, limit " + MAX_READ_BYTES
        + ")");
    return Files.readAllBytes(p);
  }

  /**
   * Checks, before any work is done, that {@code name} can be an output file: its folder exists
   * and it is not itself a folder. Returns its absolute path.
   */
  public static Path checkOutput(String name) {
    Path target = Paths.get(name).toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("output folder '" + dir + "' does not exist");
    }
    if (Files.isDirectory(target)) {
      throw new IllegalArgumentException("output '" + name + "' is a folder; give a file name");
    }
    // The atomic rename would replace a device node, pipe or socket with a plain file.
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      throw new IllegalArgumentException("output '" + name + "' exists and is not a regular file"
          + " (a device, pipe or socket); give a file name");
    }
    return target;
  }

  /**
   * Writes {@code bytes} to {@code name} atomically, replacing an existing file.
   *
   * @throws IllegalArgumentException when the target's folder does not exist or it is a folder
   */
  public static Path writeAtomically(String name, byte[] bytes) throws IOException {
    Path target = checkOutput(name);
    AtomicFiles.write(target, bytes);
    return target;
  }
}
