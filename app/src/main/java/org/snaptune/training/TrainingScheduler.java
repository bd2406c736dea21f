package org.snaptune.training;

import android.content.Context;
import androidx.work.ExistingWorkPolicy;
import androidx.work.OneTimeWorkRequest;
import org.snaptune.AppServices;
import org.snaptune.SnapTuneApplication;
import org.snaptune.personalise.TrainingController;

/** Starts the training worker; at most one runs at a time. Thread-safe. */
public final class TrainingScheduler {

  static final String UNIQUE_WORK = "snaptune-training";

  private TrainingScheduler() {}

  /**
   * Starts a training run in the background; false (and nothing enqueued) when one is already
   * running.
   */
  public static boolean start(Context context) {
    AppServices services = SnapTuneApplication.services(context);
    TrainingController controller = services.training();
    if (!controller.requestStart()) {
      return false;
    }
    try {
      services.workManager().enqueueUniqueWork(UNIQUE_WORK, ExistingWorkPolicy.KEEP,
          new OneTimeWorkRequest.Builder(TrainingWorker.class).build());
    } catch (RuntimeException e) {
      controller.fail("Could not start the background training: " + e.getMessage());
      throw e;
    }
    return true;
  }

}
