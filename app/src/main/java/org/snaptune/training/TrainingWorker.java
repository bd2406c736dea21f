package org.snaptune.training;

import android.app.Notification;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.PendingIntent;
import android.content.Context;
import android.content.Intent;
import android.content.pm.ServiceInfo;
import androidx.work.ForegroundInfo;
import androidx.work.Worker;
import androidx.work.WorkerParameters;
import java.util.Locale;
import org.snaptune.SnapTuneApplication;
import org.snaptune.personalise.TrainingController;
import org.snaptune.personalise.TrainingStatus;

/**
 * Runs the process's {@link TrainingController} as a foreground worker, so training continues when
 * the user leaves the screen, with a progress notification that opens the training screen.
 * WorkManager calls {@link #doWork()} on its background thread.
 */
public final class TrainingWorker extends Worker {

  static final String CHANNEL = "training";
  static final int NOTIFICATION_ID = 6001;
  private static final long NOTIFY_INTERVAL_NANOS = 1_000_000_000L;

  private long lastNotified;

  public TrainingWorker(Context context, WorkerParameters params) {
    super(context, params);
  }

  @Override
  public Result doWork() {
    TrainingController controller =
        SnapTuneApplication.services(getApplicationContext()).training();
    setForegroundAsync(foregroundInfo(controller.current()));
    TrainingStatus end = controller.runBlocking(status -> {
      long now = System.nanoTime();
      if (now - lastNotified >= NOTIFY_INTERVAL_NANOS || status.state() != TrainingStatus.State.RUNNING) {
        lastNotified = now;
        setForegroundAsync(foregroundInfo(status));
      }
    });
    return end.state() == TrainingStatus.State.FAILED ? Result.failure() : Result.success();
  }

  @Override
  public void onStopped() {
    // The system is stopping the worker (quota, user force-stop from the task manager).
    // WorkManager reruns stopped work, so the checkpoint stays for that run to continue from.
    SnapTuneApplication.services(getApplicationContext()).training().stopBySystem();
  }

  private ForegroundInfo foregroundInfo(TrainingStatus status) {
    Notification n = notification(getApplicationContext(), status);
    return new ForegroundInfo(NOTIFICATION_ID, n, ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC);
  }

  /** The progress notification for {@code status}. */
  static Notification notification(Context context, TrainingStatus status) {
    NotificationManager nm = context.getSystemService(NotificationManager.class);
    if (nm.getNotificationChannel(CHANNEL) == null) {
      nm.createNotificationChannel(new NotificationChannel(CHANNEL, "Training",
          NotificationManager.IMPORTANCE_LOW));
    }
    PendingIntent open = PendingIntent.getActivity(context, 0,
        new Intent(context, TrainingActivity.class), PendingIntent.FLAG_IMMUTABLE);
    int max = (int) Math.min(Integer.MAX_VALUE, Math.max(0, status.totalSteps()));
    int now = (int) Math.min(max, status.step());
    return new Notification.Builder(context, CHANNEL)
        .setSmallIcon(android.R.drawable.stat_sys_upload)
        .setContentTitle("SnapTune training")
        .setContentText(text(status))
        .setProgress(max, now, max == 0)
        .setOngoing(status.isActive())
        .setOnlyAlertOnce(true)
        .setContentIntent(open)
        .build();
  }

  static String text(TrainingStatus s) {
    switch (s.state()) {
      case RUNNING:
        return String.format(Locale.ROOT, "Epoch %d of %d · step %d", s.epoch() + 1,
            s.totalEpochs(), s.step());
      case PAUSED: return "Paused at step " + s.step();
      case PREPARING:
      case STOPPING:
      case FINISHED:
      case FAILED:
      case IDLE:
        return s.message();
      default: return s.state().name();
    }
  }
}
