package org.snaptune.models;

/**
 * Where a model's bytes come from (an APK asset on the phone, a file in tests): core's
 * {@link org.snaptune.store.ModelSource}, under the name the app's screens and tests use.
 * Implementations are thread-safe; each call reads afresh and the caller owns the returned array.
 */
public interface ModelSource extends org.snaptune.store.ModelSource {

  /** A source with no model ({@link #read()} gives null), described as {@code description}. */
  static ModelSource absent(String description) {
    return new ModelSource() {
      @Override
      public byte[] read() {
        return null;
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }
}
