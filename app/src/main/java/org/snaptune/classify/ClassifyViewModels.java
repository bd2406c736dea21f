package org.snaptune.classify;

import android.content.Context;
import androidx.lifecycle.ViewModel;
import androidx.lifecycle.ViewModelProvider;
import org.snaptune.AppServices;
import org.snaptune.settings.Delegate;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.storage.SampleDatabase;
import org.snaptune.storage.SettingsStore;

/**
 * Builds {@link ClassifyViewModel}s from the app container. Stateless. The engine (delegate and
 * threads) comes from the {@link SettingsStore}, the one place the accelerator choice is kept, so
 * the Settings screen and the camera screen's toggle cannot disagree.
 */
final class ClassifyViewModels {

  private ClassifyViewModels() {}

  static ViewModelProvider.Factory factory(Context context, AppServices services) {
    Context app = context.getApplicationContext();
    return new ViewModelProvider.Factory() {
      @Override
      @SuppressWarnings("unchecked")
      public <T extends ViewModel> T create(Class<T> type) {
        if (type != ClassifyViewModel.class) {
          throw new IllegalArgumentException("this factory makes ClassifyViewModel, not " + type);
        }
        TrainingSettings settings = services.settings().load();
        SampleDatabase samples = services.samples();
        return (T) new ClassifyViewModel(services.backbones(), services.backboneRunnerFactory(),
            samples::forEmbeddingSize, services.headSource(), services.background(),
            settings.delegate(), settings.threads(), services.downloads(),
            () -> BackboneDownloadWorker.enqueue(app, services.downloads()));
      }
    };
  }

  /** The saved settings (the Settings screen may have changed the engine meanwhile). */
  static TrainingSettings saved(AppServices services) {
    return services.settings().load();
  }

  /**
   * Saves the engine the user picked on the camera screen as the Settings screen's accelerator,
   * keeping every other setting as it is.
   */
  static void saveDelegate(AppServices services, Delegate d) {
    SettingsStore store = services.settings();
    TrainingSettings saved = store.load();
    if (saved.delegate() != d) {
      store.save(saved.toBuilder().optDelegate(d).build());
    }
  }
}
