package org.snaptune.vision;

import java.nio.ByteBuffer;
import org.snaptune.model.BackboneInfo;

/**
 * Runs an adapted image backbone (see {@code org.snaptune.model.BackboneAdapter}) once per frame:
 * the caller fills {@link #input()} (for example with {@code ImagePreprocessor}) and calls
 * {@link #run}, which dequantizes the logits and the pooled embedding into caller-owned arrays.
 * The seam between the camera pipeline and a runtime: TFLite with the GPU delegate or XNNPACK on the
 * phone, the JavaCPP host runtime in tests and benchmarks.
 *
 * <p>Not thread-safe: confine a runner to one thread (the camera's). The runner owns its native
 * interpreter and the input buffer's memory; {@link #close()} releases them and is idempotent, and
 * every other method throws {@link IllegalStateException} after it.
 */
public interface BackboneRunner extends AutoCloseable {

  /** What the adapter found: input spec, embedding and logits outputs. */
  BackboneInfo info();

  /**
   * The input tensor's memory: a direct buffer in native byte order with exactly
   * {@code info().inputSpec().byteSize()} bytes. Fill it from position 0 before {@link #run}.
   */
  ByteBuffer input();

  /**
   * Runs the backbone on the current input.
   *
   * @param logitsOut receives {@code info().logitsSize()} real values (the classifier's output)
   * @param embeddingOut receives {@code info().embeddingSize()} real values
   * @throws IllegalArgumentException if an array has the wrong length
   * @throws IllegalStateException if the runtime fails, with its reason
   */
  void run(float[] logitsOut, float[] embeddingOut);

  /** Which engine runs, for people: "GPU delegate", "CPU (XNNPACK), 4 threads", "host CPU". */
  String description();

  /**
   * Why the requested engine is not the one running (for example the GPU delegate failed to apply
   * and the runner fell back to the CPU), or null when it is.
   */
  String fallbackReason();

  @Override
  void close();
}
