package org.snaptune.training;

import android.content.Context;
import androidx.work.Configuration;
import androidx.work.ExistingWorkPolicy;
import androidx.work.OneTimeWorkRequest;
import androidx.work.WorkManager;
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
    TrainingController controller = SnapTuneApplication.services(context).training();
    if (!controller.requestStart()) {
      return false;
    }
    try {
      workManager(context).enqueueUniqueWork(UNIQUE_WORK, ExistingWorkPolicy.KEEP,
          new OneTimeWorkRequest.Builder(TrainingWorker.class).build());
    } catch (RuntimeException e) {
      controller.fail("Could not start the background training: " + e.getMessage());
      throw e;
    }
    return true;
  }

  /**
   * WorkManager, initialising it with defaults when the startup provider did not (some test
   * environments create no content providers).
   */
  static synchronized WorkManager workManager(Context context) {
    Context app = context.getApplicationContext();
    try {
      return WorkManager.getInstance(app);
    } catch (IllegalStateException notInitialised) {
      WorkManager.initialize(app, new Configuration.Builder().build());
      return WorkManager.getInstance(app);
    }
  }
}
