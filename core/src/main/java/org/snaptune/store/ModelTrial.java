package org.snaptune.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Loads and runs an untrusted model once where a crash cannot hurt (the phone: an isolated
 * process; the desktop: a child JVM) before the stores accept it. Implementations are thread-safe
 * and block; never call them on a UI thread.
 */
public interface ModelTrial {

  /** Refuses every model: for stores that must never accept an import. */
  ModelTrial REFUSE_ALL = model -> {
    throw new IllegalArgumentException("importing models is not available here");
  };

  /**
   * Returns when the runtime loaded and ran {@code model} once.
   *
   * @throws IllegalArgumentException naming why the model was not accepted (refused by the
   *     runtime, crashed it, did not finish in time)
   * @throws IOException when the model file cannot be handed to the trial
   */
  void check(File model) throws IOException;

  /**
   * As {@link #check(File)} for a model in memory: writes it to {@code scratch} (the trial runs
   * from a file), checks it, and deletes {@code scratch} whatever the outcome.
   */
  default void check(byte[] model, File scratch) throws IOException {
    try {
      Files.write(scratch.toPath(), model);
      check(scratch);
    } finally {
      Files.deleteIfExists(scratch.toPath());
    }
  }
}
