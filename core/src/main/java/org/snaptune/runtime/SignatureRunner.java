package org.snaptune.runtime;

import java.util.List;
import java.util.Map;

/**
 * Runs the named signatures of one loaded TFLite model. The seam between SnapTune's Android-free
 * code and a concrete runtime: {@code org.tensorflow.lite.Interpreter} on the phone, the JavaCPP
 * host runtime in tests, benchmarks and the command line.
 *
 * <p>All tensors crossing this interface are float32 and passed flattened in row-major order; the
 * shape of an input is the one last set by {@link #resizeInput} (or the model's own).
 *
 * <p>Resource variables live in the interpreter, so every signature of one runner sees the same
 * weights. Implementations are not thread-safe: callers confine a runner to one thread at a time.
 * The runner owns its native interpreter; {@link #close()} releases it and is idempotent, and every
 * other method throws {@link IllegalStateException} after it.
 */
public interface SignatureRunner extends AutoCloseable {

  /** The signature keys of the model, in file order. */
  List<String> signatureKeys();

  /** The input names of {@code signature}; throws IllegalArgumentException listing the valid keys. */
  List<String> inputNames(String signature);

  /** The output names of {@code signature}; throws IllegalArgumentException listing the valid keys. */
  List<String> outputNames(String signature);

  /** The current shape of an input, after any resize. */
  int[] inputShape(String signature, String input);

  /** Resizes an input (for example the batch dimension of {@code infer}'s {@code x}). */
  void resizeInput(String signature, String input, int[] shape);

  /**
   * Runs {@code signature} once. Every input must be given, each with exactly as many elements as
   * its shape holds; the result maps every output name to a fresh array.
   *
   * @throws IllegalArgumentException naming the unknown or missing input, or the expected size
   */
  Map<String, float[]> run(String signature, Map<String, float[]> inputs);

  /**
   * As {@link #run(String, Map)}, returning only the named outputs: a runtime may then skip
   * copying the others out (the trainer reads the trainable weights but not the optimizer slots
   * for adaptive clipping on every step). The default runs and filters.
   *
   * @throws IllegalArgumentException naming an output the signature does not have
   */
  default Map<String, float[]> run(String signature, Map<String, float[]> inputs,
      java.util.Collection<String> outputs) {
    Map<String, float[]> all = run(signature, inputs);
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    for (String name : outputs) {
      float[] v = all.get(name);
      if (v == null) {
        throw new IllegalArgumentException("signature '" + signature + "' has no output '" + name
            + "'; valid: " + all.keySet());
      }
      out.put(name, v);
    }
    return out;
  }

  @Override
  void close();
}
