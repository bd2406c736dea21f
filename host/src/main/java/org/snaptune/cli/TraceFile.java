package org.snaptune.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.snaptune.io.AtomicFiles;
import org.snaptune.train.FlightRecorder;

/**
 * The {@code --trace} file of {@code train}: a {@link FlightRecorder} writing into a temporary
 * file beside the target, synced and renamed onto it by {@link #commit()}
 * ({@link AtomicFiles}). {@link #open} fails before any training when the path cannot be
 * written; {@link #close()} without a commit deletes the temporary file, so a failed run never
 * leaves a half-written trace. Owns the recorder; close is idempotent. Not thread-safe.
 */
final class TraceFile implements AutoCloseable {

  private final AtomicFiles.Pending file;
  private final FlightRecorder recorder;
  private boolean done;

  private TraceFile(AtomicFiles.Pending file, FlightRecorder recorder) {
    this.file = file;
    this.recorder = recorder;
  }

  /**
   * @throws IllegalArgumentException when the folder is missing, the name is a folder, or the
   *     folder is not writable, naming the path
   */
  static TraceFile open(String name) throws IOException {
    Path target = CliFiles.checkOutput(name);
    AtomicFiles.Pending file;
    try {
      file = AtomicFiles.open(target);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write trace '" + name + "': "
          + e.getMessage(), e);
    }
    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(file.stream(),
        StandardCharsets.UTF_8), 1 << 16);
    return new TraceFile(file, new FlightRecorder(w));
  }

  FlightRecorder recorder() { return recorder; }

  Path target() { return file.target(); }

  /** Flushes the recorder and moves the complete trace onto the target. */
  void commit() throws IOException {
    // Closing the recorder flushes its buffer; the file itself stays open for the sync.
    recorder.close();
    file.commit();
    done = true;
  }

  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      try {
        recorder.close();
      } finally {
        file.close();
      }
    }
  }
}
