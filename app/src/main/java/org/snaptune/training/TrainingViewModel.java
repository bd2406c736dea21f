package org.snaptune.training;

import androidx.lifecycle.LifecycleOwner;
import androidx.lifecycle.LiveData;
import androidx.lifecycle.MediatorLiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;
import androidx.lifecycle.ViewModelProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import org.snaptune.AppServices;
import org.snaptune.chart.TrainingCharts;
import org.snaptune.export.ModelBundle;
import org.snaptune.personalise.BundleTransfer;
import org.snaptune.personalise.TrainingController;
import org.snaptune.personalise.TrainingStatus;
import org.snaptune.personalise.TrustState;
import org.snaptune.ui.EventQueue;

/**
 * The training screen's state: one typed {@link TrainingUiState} (the process-wide run's status
 * from {@link TrainingController} plus the last export/import notice), the charts and the trust
 * report, kept across rotation. Export and import run here, on the container's background
 * executor; an exported bundle to share is a one-off event, delivered once. Holds no Context or
 * View. Main-thread methods; the background work posts its results.
 */
public final class TrainingViewModel extends ViewModel {

  /** Opens the picked document's stream (the screen's content resolver), on the background. */
  public interface StreamOpener {
    InputStream open() throws IOException;
  }

  private final TrainingController controller;
  private final BundleTransfer bundles;
  private final Executor background;
  private final MutableLiveData<TrainingUiState.Notice> notice =
      new MutableLiveData<>(TrainingUiState.Notice.NONE);
  private final MediatorLiveData<TrainingUiState> ui = new MediatorLiveData<>();
  private final EventQueue<File> shares = new EventQueue<>();

  TrainingViewModel(TrainingController controller, BundleTransfer bundles, Executor background) {
    this.controller = controller;
    this.bundles = bundles;
    this.background = background;
    ui.addSource(controller.status(), s -> ui.setValue(new TrainingUiState(s,
        notice.getValue())));
    ui.addSource(notice, n -> ui.setValue(new TrainingUiState(controller.status().getValue(),
        n)));
  }

  static ViewModelProvider.Factory factory(AppServices services) {
    return new ViewModelProvider.Factory() {
      @Override
      @SuppressWarnings("unchecked")
      public <T extends ViewModel> T create(Class<T> type) {
        if (type != TrainingViewModel.class) {
          throw new IllegalArgumentException("this factory makes TrainingViewModel, not " + type);
        }
        return (T) new TrainingViewModel(services.training(), services.bundles(),
            services.background());
      }
    };
  }

  /** Status, controls and notice, as one value. */
  public LiveData<TrainingUiState> state() { return ui; }

  public LiveData<TrainingCharts.Snapshot> charts() { return controller.charts(); }

  /** How far the classifier in use can be trusted; null until a run finished. */
  public LiveData<TrustState> trust() { return controller.trust(); }

  /** Hands each exported bundle to {@code share} once, on the main thread. */
  public void observeShares(LifecycleOwner owner, EventQueue.Consumer<File> share) {
    shares.observe(owner, share);
  }

  /** The run is the process's: a start the scheduler refused says so here. */
  void startRefused() {
    notice.setValue(TrainingUiState.Notice.of(TrainingUiState.NoticeKind.ALREADY_RUNNING));
  }

  void togglePause() {
    if (controller.current().state() == TrainingStatus.State.PAUSED) {
      controller.resume();
    } else {
      controller.pause();
    }
  }

  void stop() {
    controller.stop();
  }

  /** Writes the bundle in the background, then offers it to share. */
  void export() {
    notice.setValue(TrainingUiState.Notice.of(TrainingUiState.NoticeKind.EXPORTING));
    background.execute(() -> {
      try {
        File f = bundles.export();
        notice.postValue(TrainingUiState.Notice.exported(f.getName(), f.length()));
        shares.post(f);
      } catch (IOException | RuntimeException e) {
        notice.postValue(TrainingUiState.Notice.failed(TrainingUiState.NoticeKind.EXPORT_FAILED,
            e.getMessage()));
      }
    });
  }

  /** Validates, tries and restores the bundle {@code open} reads, in the background. */
  void importBundle(StreamOpener open) {
    notice.setValue(TrainingUiState.Notice.of(TrainingUiState.NoticeKind.IMPORTING));
    background.execute(() -> {
      try (InputStream in = open.open()) {
        if (in == null) {
          throw new IllegalArgumentException("the picked document cannot be opened");
        }
        ModelBundle b = bundles.importBundle(in);
        notice.postValue(TrainingUiState.Notice.imported(b.labels().size(),
            String.join(", ", b.labels())));
      } catch (IOException | RuntimeException e) {
        notice.postValue(TrainingUiState.Notice.failed(TrainingUiState.NoticeKind.IMPORT_FAILED,
            e.getMessage()));
      }
    });
  }
}
