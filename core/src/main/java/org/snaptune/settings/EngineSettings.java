package org.snaptune.settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the camera's backbone runs: the accelerator ({@link Delegate}) and the CPU thread count
 * (also used by the small head's training). Kept apart from what decides a training run's result:
 * changing these changes speed, not what the head learns (see {@code session.RunFingerprint}).
 * Persisted under the same keys as always ({@link Setting#DELEGATE}, {@link Setting#THREADS}), in
 * the same map as {@link TrainingSettings}. Immutable and thread-safe; every instance is valid.
 */
public final class EngineSettings {

  private static final EngineSettings DEFAULTS = new EngineSettings(
      (Delegate) Setting.DELEGATE.defaultValue(), (Integer) Setting.THREADS.defaultValue());

  private final Delegate delegate;
  private final int threads;

  /** @throws IllegalArgumentException naming the setting and its valid range */
  public EngineSettings(Delegate delegate, int threads) {
    Setting.DELEGATE.check(delegate);
    Setting.THREADS.check(threads);
    this.delegate = delegate;
    this.threads = threads;
  }

  public static EngineSettings defaults() { return DEFAULTS; }

  public Delegate delegate() { return delegate; }

  public int threads() { return threads; }

  public EngineSettings withDelegate(Delegate d) { return new EngineSettings(d, threads); }

  public EngineSettings withThreads(int n) { return new EngineSettings(delegate, n); }

  /** The engine settings as persisted text, keyed by {@link Setting#key()}. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(Setting.DELEGATE.key(), Setting.DELEGATE.format(delegate));
    map.put(Setting.THREADS.key(), Setting.THREADS.format(threads));
    return map;
  }

  /**
   * Engine settings from a persisted map (which may hold training settings too; they are
   * ignored). Missing keys take their default; invalid values throw, naming key and valid range.
   */
  public static EngineSettings fromMap(Map<String, String> map) {
    String d = map.get(Setting.DELEGATE.key());
    String t = map.get(Setting.THREADS.key());
    return new EngineSettings(
        d == null ? DEFAULTS.delegate : (Delegate) Setting.DELEGATE.parse(d),
        t == null ? DEFAULTS.threads : (Integer) Setting.THREADS.parse(t));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EngineSettings && ((EngineSettings) o).delegate == delegate
        && ((EngineSettings) o).threads == threads;
  }

  @Override
  public int hashCode() {
    return delegate.hashCode() * 31 + threads;
  }

  @Override
  public String toString() {
    return "EngineSettings" + toMap();
  }
}
