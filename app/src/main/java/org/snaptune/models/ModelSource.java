package org.snaptune.models;

import java.io.IOException;

/**
 * Where a model's bytes come from (an APK asset on the phone, a file in tests). Implementations are
 * thread-safe; each call reads afresh and the caller owns the returned array.
 */
public interface ModelSource {

  /** The model's bytes, or null when this build has no such model (for example no embedded backbone). */
  byte[] read() throws IOException;

  /** A short description for the UI and logs, e.g. "assets/backbone.tflite". */
  String describe();
}
