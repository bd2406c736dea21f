package org.snaptune.training;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;
import androidx.lifecycle.ViewModelProvider;
import org.snaptune.chart.TrainingCharts;

/**
 * The training screen's state: the process-wide run's status and charts (from
 * {@link TrainingController}) plus the screen's last notice (export / import outcome), kept across
 * rotation. Holds no Context or View. Main-thread methods except {@link #postNotice}.
 */
public final class TrainingViewModel extends ViewModel {

  private final TrainingController controller;
  private final MutableLiveData<String> notice = new MutableLiveData<>("");

  TrainingViewModel(TrainingController controller) {
    this.controller = controller;
  }

  static ViewModelProvider.Factory factory(TrainingController controller) {
    return new ViewModelProvider.Factory() {
      @Override
      @SuppressWarnings("unchecked")
      public <T extends ViewModel> T create(Class<T> type) {
        if (type != TrainingViewModel.class) {
          throw new IllegalArgumentException("this factory makes TrainingViewModel, not " + type);
        }
        return (T) new TrainingViewModel(controller);
      }
    };
  }

  public LiveData<TrainingStatus> status() { return controller.status(); }

  public LiveData<TrainingCharts.Snapshot> charts() { return controller.charts(); }

  public LiveData<String> notice() { return notice; }

  /** How far the classifier in use can be trusted; null until a run finished. */
  public LiveData<TrustState> trust() { return controller.trust(); }

  void setNotice(String text) { notice.setValue(text); }

  /** From any thread. */
  void postNotice(String text) { notice.postValue(text); }

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
}
