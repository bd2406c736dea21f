package org.snaptune.settings;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;
import androidx.lifecycle.ViewModelProvider;
import java.util.Map;
import org.snaptune.storage.SettingsStore;

/**
 * State of the training settings screen. Every value goes through the typed {@link Setting}
 * descriptors via {@link TrainingSettings#fromMap}: Save validates all of them and persists only a
 * fully valid set. Holds no Context or View (the {@link SettingsStore} holds the preferences).
 * Main thread only; the store commits synchronously, so training started next sees the values.
 */
public final class SettingsViewModel extends ViewModel {

  private final SettingsStore store;
  private final MutableLiveData<SettingsState> state = new MutableLiveData<>();

  public SettingsViewModel(SettingsStore store) {
    if (store == null) {
      throw new IllegalArgumentException("SettingsViewModel needs a SettingsStore");
    }
    this.store = store;
    state.setValue(new SettingsState(store.load(), SettingsState.Outcome.NONE, null));
  }

  public LiveData<SettingsState> state() {
    return state;
  }

  /** Shows the defaults in the editors; nothing is saved until Save. */
  public void showDefaults() {
    state.setValue(new SettingsState(TrainingSettings.defaults(), SettingsState.Outcome.NONE, null));
  }

  /** Validates the edited values (by {@link Setting#key()}) and saves them if all are valid. */
  public void save(Map<String, String> edited) {
    SettingsState current = state.getValue();
    try {
      TrainingSettings s = TrainingSettings.fromMap(edited);
      store.save(s);
      state.setValue(new SettingsState(s, SettingsState.Outcome.SAVED, null));
    } catch (IllegalArgumentException invalid) {
      state.setValue(new SettingsState(current.shown(), SettingsState.Outcome.INVALID,
          invalid.getMessage()));
    }
  }

  /** The edited values as settings, for the live explanations; null while one is half-typed. */
  public TrainingSettings preview(Map<String, String> edited) {
    try {
      return TrainingSettings.fromMap(edited);
    } catch (IllegalArgumentException stillEditing) {
      return null;
    }
  }

  /** Creates {@link SettingsViewModel}s over the app's settings store. */
  public static ViewModelProvider.Factory factory(SettingsStore store) {
    return new ViewModelProvider.Factory() {
      @Override
      public <T extends ViewModel> T create(Class<T> type) {
        if (type != SettingsViewModel.class) {
          throw new IllegalArgumentException("this factory makes SettingsViewModel, not " + type);
        }
        return type.cast(new SettingsViewModel(store));
      }
    };
  }
}
