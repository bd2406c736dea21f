package org.snaptune.settings;

import android.content.Context;
import android.content.SharedPreferences;
import java.util.HashMap;
import java.util.Map;

/**
 * Persists {@link TrainingSettings} in SharedPreferences, one string per {@link Setting#key()}.
 * Thread-safe (SharedPreferences is); {@link #save} commits synchronously so a training started
 * right after sees the new values.
 */
public final class SettingsStore {

  static final String PREFS = "snaptune_training_settings";

  private final SharedPreferences prefs;

  public SettingsStore(Context context) {
    this.prefs = context.getApplicationContext().getSharedPreferences(PREFS, Context.MODE_PRIVATE);
  }

  /**
   * The saved settings. Values that no longer validate (for example after an app update changed
   * a range) are dropped one by one in favour of their defaults rather than failing the screen.
   */
  public TrainingSettings load() {
    Map<String, String> map = new HashMap<>();
    for (Map.Entry<String, ?> e : prefs.getAll().entrySet()) {
      if (e.getValue() instanceof String) {
        map.put(e.getKey(), (String) e.getValue());
      }
    }
    try {
      return TrainingSettings.fromMap(map);
    } catch (IllegalArgumentException invalid) {
      TrainingSettings s = TrainingSettings.defaults();
      for (Setting setting : Setting.values()) {
        String v = map.get(setting.key());
        if (v == null) {
          continue;
        }
        try {
          s = s.with(setting, v);
        } catch (IllegalArgumentException dropped) {
          // Keep the default for this one setting; the others still load.
          continue;
        }
      }
      return s;
    }
  }

  /** Saves every setting. */
  public void save(TrainingSettings settings) {
    SharedPreferences.Editor e = prefs.edit();
    for (Map.Entry<String, String> entry : settings.toMap().entrySet()) {
      e.putString(entry.getKey(), entry.getValue());
    }
    if (!e.commit()) {
      throw new IllegalStateException("could not save the training settings");
    }
  }
}
