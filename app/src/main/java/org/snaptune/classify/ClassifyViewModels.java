package org.snaptune.classify;

import android.content.Context;
import android.content.SharedPreferences;
import androidx.lifecycle.ViewModel;
import androidx.lifecycle.ViewModelProvider;
import java.io.File;
import org.snaptune.AppServices;
import org.snaptune.samples.SqliteSampleRepository;
import org.snaptune.settings.Delegate;

/** Builds {@link ClassifyViewModel}s from the app container. Stateless. */
final class ClassifyViewModels {

  private static final String PREFS = "camera_screen";
  private static final String DELEGATE = "delegate";

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
        BackboneStore store = new BackboneStore(services.backbone(), services.imagenetLabels(),
            new File(app.getFilesDir(), "models"));
        return (T) new ClassifyViewModel(store, services.backboneRunnerFactory(),
            dim -> new SqliteSampleRepository(app, SqliteSampleRepository.DEFAULT_NAME, dim),
            services.headSource(), services.background(), savedDelegate(app),
            services.numThreads());
      }
    };
  }

  private static Delegate savedDelegate(Context app) {
    String name = prefs(app).getString(DELEGATE, Delegate.AUTO.name());
    for (Delegate d : Delegate.values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return Delegate.AUTO;
  }

  /** Remembers the engine the user picked on the camera screen. */
  static void saveDelegate(Context app, Delegate d) {
    if (!d.name().equals(prefs(app).getString(DELEGATE, null))) {
      prefs(app).edit().putString(DELEGATE, d.name()).apply();
    }
  }

  private static SharedPreferences prefs(Context app) {
    return app.getSharedPreferences(PREFS, Context.MODE_PRIVATE);
  }
}
