package org.snaptune.runtime;

/**
 * Opens {@link SignatureRunner}s on one runtime. The app injects the Android implementation; tests,
 * benchmarks and the command line inject the host one. Implementations are thread-safe.
 */
public interface SignatureRunnerFactory {

  /**
   * Loads {@code model} (the bytes of a .tflite file; the runner copies what it needs) with
   * {@code numThreads} CPU threads. The caller owns and must close the returned runner.
   *
   * @throws IllegalArgumentException if the bytes are not a valid TFLite model, saying why
   */
  SignatureRunner open(byte[] model, int numThreads);
}
