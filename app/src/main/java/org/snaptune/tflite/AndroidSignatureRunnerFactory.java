package org.snaptune.tflite;

import org.snaptune.runtime.SignatureRunner;
import org.snaptune.runtime.SignatureRunnerFactory;

/**
 * Opens {@link AndroidSignatureRunner}s (org.tensorflow.lite on the CPU). Stateless and thread-safe;
 * the TFLite native library is loaded on the first {@link #open}, not when the factory is created,
 * so an app container can hold one on the JVM (Robolectric) without touching natives.
 */
public final class AndroidSignatureRunnerFactory implements SignatureRunnerFactory {

  @Override
  public SignatureRunner open(byte[] model, int numThreads) {
    return new AndroidSignatureRunner(model, numThreads);
  }

  @Override
  public String toString() {
    return "TensorFlow Lite (Android)";
  }
}
