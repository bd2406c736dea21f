package org.snaptune.cli;

import java.nio.ByteBuffer;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.image.ImagePreprocessor;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.BackboneInfo;
import org.snaptune.settings.Delegate;

/**
 * Turns ARGB pictures into backbone embeddings on the host: adapts the backbone
 * ({@link BackboneAdapter}), preprocesses each picture as the app does ({@link ImagePreprocessor}:
 * centre-crop, bilinear resize, quantize) and runs it on {@link HostBackboneRunner}.
 *
 * <p>Owns its native runner; {@link #close()} releases it and is idempotent; {@link #embed} throws
 * IllegalStateException afterwards. Not thread-safe; {@link ParallelEmbedder} runs one per thread.
 */
public final class ImageEmbedder implements AutoCloseable {

  private final HostBackboneRunner runner;
  private final ImagePreprocessor preprocessor;
  private final float[] logits;
  private boolean closed;

  /**
   * @param backbone the bytes of an image classifier .tflite (adapted here)
   * @param threads CPU threads, 1 to 16
   * @throws IllegalArgumentException if the model cannot be adapted, saying why
   */
  public ImageEmbedder(byte[] backbone, int threads) {
    this(BackboneAdapter.adapt(backbone), threads);
  }

  /** An embedder over an already adapted backbone (shared by parallel workers). */
  public ImageEmbedder(BackboneAdapter.Result adapted, int threads) {
    runner = HostBackboneRunner.open(adapted.model(), adapted.info(), Delegate.CPU, threads);
    preprocessor = new ImagePreprocessor(adapted.info().inputSpec());
    logits = new float[adapted.info().logitsSize()];
  }

  public BackboneInfo info() {
    return runner.info();
  }

  /** The runner's engine: runtime, XNNPACK coverage and threads. */
  public String description() {
    return runner.description();
  }

  /** Which ops XNNPACK runs, e.g. "XNNPACK 64/65 ops", or "builtin kernels". */
  public String engineDetail() {
    return runner.engineDetail();
  }

  /** Why the runner does not use XNNPACK for every op it could, or null. */
  public String fallbackReason() {
    return runner.fallbackReason();
  }

  /** Embedding size D. */
  public int dimension() {
    return runner.info().embeddingSize();
  }

  /**
   * The embedding of one upright picture.
   *
   * @throws IllegalArgumentException for a bad size
   */
  public float[] embed(int[] argb, int width, int height) {
    if (closed) {
      throw new IllegalStateException("embedder is closed");
    }
    ByteBuffer in = runner.input();
    in.clear();
    preprocessor.fromArgb(argb, width, height, in);
    float[] embedding = new float[dimension()];
    runner.run(logits, embedding);
    return embedding;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      runner.close();
    }
  }
}
