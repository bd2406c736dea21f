package org.snaptune.classify;

import android.content.Context;
import androidx.work.ExistingWorkPolicy;
import androidx.work.OneTimeWorkRequest;
import androidx.work.Worker;
import androidx.work.WorkerParameters;
import org.snaptune.AppServices;
import org.snaptune.SnapTuneApplication;
import org.snaptune.models.BackboneDownload;
import org.snaptune.models.DownloadTracker;

/**
 * Runs the backbone download as WorkManager work, so it continues when the user leaves the camera
 * screen (the screen only shows it). Progress and the outcome go to the container's
 * {@link DownloadTracker}; the work itself reports failure so WorkManager does not retry on its
 * own (the user decides to retry or import). WorkManager calls {@link #doWork()} on its thread.
 */
public final class BackboneDownloadWorker extends Worker {

  static final String UNIQUE_WORK = "snaptune-backbone-download";

  public BackboneDownloadWorker(Context context, WorkerParameters params) {
    super(context, params);
  }

  @Override
  public Result doWork() {
    AppServices services = SnapTuneApplication.services(getApplicationContext());
    DownloadTracker tracker = services.downloads();
    if (tracker.status().kind() != DownloadTracker.Kind.RUNNING) {
      tracker.begin(); // work rerun after the process died: the new process's tracker is idle
    }
    BackboneDownload.run(services.backbones(), tracker);
    return tracker.status().kind() == DownloadTracker.Kind.DONE ? Result.success()
        : Result.failure();
  }

  @Override
  public void onStopped() {
    // Stopped by the system or cancelled: the download polls this flag between reads.
    SnapTuneApplication.services(getApplicationContext()).downloads().requestCancel();
  }

  /**
   * Starts the download as unique background work (at most one at a time); if WorkManager cannot
   * take it, {@code tracker} says so instead of showing a download that never runs.
   */
  static void enqueue(Context context, DownloadTracker tracker) {
    try {
      SnapTuneApplication.services(context).workManager().enqueueUniqueWork(UNIQUE_WORK,
          ExistingWorkPolicy.REPLACE,
          new OneTimeWorkRequest.Builder(BackboneDownloadWorker.class).build());
    } catch (RuntimeException e) {
      tracker.fail("Could not start the download in the background: " + e.getMessage()
          + ". Retry, or import a .tflite file.");
    }
  }
}
