package org.snaptune.storage;

import android.content.Context;
import android.content.SharedPreferences;
import java.util.HashMap;
import java.util.Map;
import org.snaptune.settings.EngineSettings;
import org.snaptune.settings.Setting;
import org.snaptune.settings.TrainingSettings;

/**
 * Persists {@link TrainingSettings} (and within them the camera's {@link EngineSettings}) in
 * SharedPreferences, one string per {@link Setting#key()}, the keys every version has used.
 * Thread-safe (SharedPreferences is); {@link #save} commits synchronously so a training started
 * right after sees the new values.
 */
public final class SettingsStore {

  public static final String PREFS = "snaptune_training_settings";

  private final SharedPreferences prefs;

  public SettingsStore(Context context) {
    this.prefs = context.getApplicationContext().getSharedPreferences(PREFS, Context.MODE_PRIVATE);
  }

  /**
   * The saved settings. Values that no longer validate (for example after an app update changed
   * a range) are dropped one by one in favour of their defaults rather than failing the screen.
   */
  public TrainingSettings load() {
    Map<String, String> map = saved();
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

  /** The saved engine settings (accelerator, threads), loaded as {@link #load()} does. */
  public EngineSettings loadEngine() {
    return load().engine();
  }

  /** Saves every setting. */
  public void save(TrainingSettings settings) {
    write(settings.toMap());
  }

  /** Saves only the engine settings; the training settings stay as saved. */
  public void saveEngine(EngineSettings engine) {
    write(engine.toMap());
  }

  private Map<String, String> saved() {
    Map<String, String> map = new HashMap<>();
    for (Map.Entry<String, ?> e : prefs.getAll().entrySet()) {
      if (e.getValue() instanceof String) {
        map.put(e.getKey(), (String) e.getValue());
      }
    }
    return map;
  }

  private void write(Map<String, String> values) {
    SharedPreferences.Editor e = prefs.edit();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      e.putString(entry.getKey(), entry.getValue());
    }
    if (!e.commit()) {
      throw new IllegalStateException("could not save the settings");
    }
  }
}
