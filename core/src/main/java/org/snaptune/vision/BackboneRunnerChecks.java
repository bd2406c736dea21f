package org.snaptune.vision;

import org.snaptune.model.BackboneInfo;
import org.snaptune.model.ModelVerifier;
import org.snaptune.settings.Delegate;

/**
 * The argument checks every {@link BackboneRunner} implementation makes, in one place so that the
 * phone runner and the host runner reject exactly the same calls with the same messages.
 * Stateless and thread-safe.
 */
public final class BackboneRunnerChecks {

  /** Most CPU threads a runner accepts (see {@link BackboneRunnerFactory#open}). */
  public static final int MAX_THREADS = 16;

  private BackboneRunnerChecks() {}

  /**
   * Checks the arguments of {@link BackboneRunnerFactory#open}, then runs the Java
   * {@link ModelVerifier} over the bytes: it names the problem and its offset, and it
   * bounds-checks the flatbuffer before any native runtime reads it.
   *
   * @throws IllegalArgumentException for a null argument, a thread count outside 1 to
   *     {@value #MAX_THREADS}, or bytes the verifier rejects
   */
  public static void checkOpen(byte[] adaptedModel, BackboneInfo info, Delegate delegate,
      int threads) {
    if (adaptedModel == null || info == null || delegate == null) {
      throw new IllegalArgumentException("model bytes, backbone info and delegate are required");
    }
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be 1 to " + MAX_THREADS + ", got "
          + threads);
    }
    ModelVerifier.verify(adaptedModel);
  }

  /**
   * Checks the arrays given to {@link BackboneRunner#run}.
   *
   * @throws IllegalArgumentException unless they hold exactly the logits and embedding sizes of
   *     {@code info}
   */
  public static void checkRun(BackboneInfo info, float[] logitsOut, float[] embeddingOut) {
    if (logitsOut == null || logitsOut.length != info.logitsSize()
        || embeddingOut == null || embeddingOut.length != info.embeddingSize()) {
      throw new IllegalArgumentException("run needs " + info.logitsSize() + " logits and "
          + info.embeddingSize() + " embedding values");
    }
  }
}
