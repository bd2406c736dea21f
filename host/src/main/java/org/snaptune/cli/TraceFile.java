package org.snaptune.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.snaptune.train.FlightRecorder;

/**
 * The {@code --trace} file of {@code train}: a {@link FlightRecorder} writing into a temporary
 * file beside the target, renamed onto it by {@link #commit()}. {@link #open} fails before any
 * training when the path cannot be written; {@link #close()} without a commit deletes the
 * temporary file, so a failed run never leaves a half-written trace. Owns the recorder; close is
 * idempotent. Not thread-safe.
 */
final class TraceFile implements AutoCloseable {

  private final Path target;
  private final Path tmp;
  private final FlightRecorder recorder;
  private boolean done;

  private TraceFile(Path target, Path tmp, FlightRecorder recorder) {
    this.target = target;
    this.tmp = tmp;
    this.recorder = recorder;
  }

  /**
   * @throws IllegalArgumentException when the folder is missing, the name is a folder, or the
   *     folder is not writable, naming the path
   */
  static TraceFile open(String name) throws IOException {
    Path target = CliFiles.checkOutput(name);
    Path tmp;
    try {
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write trace '" + name + "': "
          + e.getMessage(), e);
    }
    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp),
        StandardCharsets.UTF_8), 1 << 16);
    return new TraceFile(target, tmp, new FlightRecorder(w));
  }

  FlightRecorder recorder() { return recorder; }

  Path target() { return target; }

  /** Closes the recorder and moves the complete trace onto the target. */
  void commit() throws IOException {
    recorder.close();
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Same folder, so this still replaces the target in one rename on every common system.
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    done = true;
  }

  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      try {
        recorder.close();
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
