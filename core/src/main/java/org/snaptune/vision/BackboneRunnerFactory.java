package org.snaptune.vision;

import org.snaptune.model.BackboneInfo;
import org.snaptune.settings.Delegate;

/**
 * Opens {@link BackboneRunner}s on one runtime: TFLite on the phone, the JavaCPP host runtime in
 * tests. Implementations are thread-safe.
 */
public interface BackboneRunnerFactory {

  /**
   * Loads an adapted backbone.
   *
   * @param adaptedModel the bytes {@code BackboneAdapter.adapt} produced (the runner copies what it
   *     needs)
   * @param info what the adapter reported for those bytes
   * @param delegate where to run; a runtime that cannot honour it falls back to the CPU and says
   *     so in {@link BackboneRunner#fallbackReason()}
   * @param threads CPU threads, 1 to 16
   * @throws IllegalArgumentException for invalid bytes, an info that does not match them, or a bad
   *     thread count
   */
  BackboneRunner open(byte[] adaptedModel, BackboneInfo info, Delegate delegate, int threads);
}
