package org.snaptune.isolation;

import java.nio.file.Files;
import org.snaptune.cli.ModelTrial;

/**
 * The model trial tests inject through {@code AppServices.Builder.optModelTrial}: the host TFLite
 * runtime loads and runs the model once, in this JVM (Android's TFLite cannot load under
 * Robolectric; {@link ModelTrialServiceTest} covers the isolated service itself).
 */
public final class HostTrial {

  private HostTrial() {}

  /** Accepts what the host runtime runs once; refuses with the runtime's reason. */
  public static org.snaptune.store.ModelTrial inProcess() {
    return model -> {
      try {
        ModelTrial.runOnce(Files.readAllBytes(model.toPath()));
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    };
  }
}
