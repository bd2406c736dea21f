package org.snaptune.samples;

import android.os.Handler;
import android.os.Looper;
import androidx.lifecycle.ViewModel;
import androidx.lifecycle.ViewModelProvider;
import org.snaptune.AppServices;
import org.snaptune.storage.SampleDatabase;

/**
 * Builds {@link SamplesViewModel}s from the app container: its one sample database (opened for
 * review on the background executor, never closed by the screen) and its background executor.
 * Stateless.
 */
public final class SamplesViewModels {

  private SamplesViewModels() {}

  public static ViewModelProvider.Factory factory(AppServices services) {
    SampleDatabase database = services.samples();
    Handler main = new Handler(Looper.getMainLooper());
    return new ViewModelProvider.Factory() {
      @Override
      public <T extends ViewModel> T create(Class<T> type) {
        if (type != SamplesViewModel.class) {
          throw new IllegalArgumentException("this factory makes SamplesViewModel, not " + type);
        }
        return type.cast(new SamplesViewModel(database::forReview, services.background(),
            main::post));
      }
    };
  }
}
