package org.snaptune.status;

import android.content.Context;
import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;
import androidx.lifecycle.ViewModelProvider;
import java.io.IOException;
import org.snaptune.AppServices;
import org.snaptune.runtime.SignatureRunner;
import org.snaptune.store.BackboneStore;

/**
 * State of the status screen ("More" on the camera screen): checks once that the runtime can load
 * the backbone the camera uses (embedded, else downloaded or imported, through the same
 * {@link BackboneStore}) and publishes a {@link RuntimeStatus}. Holds no Context or View. The check
 * runs on {@link AppServices#background()}; results are posted to the main thread.
 */
public final class MainViewModel extends ViewModel {

  private final MutableLiveData<RuntimeStatus> status = new MutableLiveData<>();
  private final AppServices services;
  private final BackboneStore store;

  public MainViewModel(AppServices services, BackboneStore store) {
    if (services == null || store == null) {
      throw new IllegalArgumentException("services and store must not be null");
    }
    this.services = services;
    this.store = store;
    String runtime = services.runnerFactory().toString();
    status.setValue(RuntimeStatus.checking(runtime, services.backbone().describe()));
    services.background().execute(this::check);
  }

  /** The runtime check's latest result; starts at CHECKING. */
  public LiveData<RuntimeStatus> status() {
    return status;
  }

  private void check() {
    String runtime = services.runnerFactory().toString();
    String model = services.backbone().describe();
    RuntimeStatus result;
    try {
      BackboneStore.Loaded loaded = store.read();
      if (loaded == null) {
        result = RuntimeStatus.noBackbone(runtime, model);
      } else {
        try (SignatureRunner runner = services.runnerFactory().open(loaded.bytes(),
            services.numThreads())) {
          result = RuntimeStatus.ready(runtime, loaded.origin(), runner.signatureKeys());
        }
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // LinkageError: the TFLite native library is missing for this device's ABI.
      result = RuntimeStatus.failed(runtime, model, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    status.postValue(result);
  }

  /** Creates {@link MainViewModel}s with the app's services. */
  static ViewModelProvider.Factory factory(final AppServices services) {
    return new ViewModelProvider.Factory() {
      @Override
      public <T extends ViewModel> T create(Class<T> modelClass) {
        if (!modelClass.isAssignableFrom(MainViewModel.class)) {
          throw new IllegalArgumentException("this factory creates MainViewModel, not " + modelClass.getName());
        }
        return modelClass.cast(new MainViewModel(services, services.backbones()));
      }
    };
  }
}
