package org.snaptune.training;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.app.Notification;
import android.content.Context;
import android.content.Intent;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.snaptune.personalise.TrainingStatus;

/** The worker's progress notification. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
public class TrainingWorkerTest {

  private final Context context = ApplicationProvider.getApplicationContext();

  @Test
  public void runningNotificationShowsEpochStepAndProgress() {
    TrainingStatus s = TrainingStatus.idle().with(TrainingStatus.State.RUNNING, "Training")
        .progress(2, 10, 57, 300);
    Notification n = TrainingWorker.notification(context, s);
    assertEquals("Epoch 3 of 10 · step 57",
        n.extras.getCharSequence(Notification.EXTRA_TEXT).toString());
    assertEquals(300, n.extras.getInt(Notification.EXTRA_PROGRESS_MAX));
    assertEquals(57, n.extras.getInt(Notification.EXTRA_PROGRESS));
    assertTrue("ongoing while training", (n.flags & Notification.FLAG_ONGOING_EVENT) != 0);
    assertEquals(TrainingWorker.CHANNEL, n.getChannelId());
    Intent open = Shadows.shadowOf(n.contentIntent).getSavedIntent();
    assertEquals(TrainingActivity.class.getName(), open.getComponent().getClassName());
  }

  @Test
  public void finishedNotificationCarriesTheOutcomeAndCanBeDismissed() {
    TrainingStatus s = TrainingStatus.idle().with(TrainingStatus.State.FINISHED,
        "Done: validation accuracy 97% after 10 epochs.").progress(10, 10, 300, 300);
    Notification n = TrainingWorker.notification(context, s);
    assertEquals("Done: validation accuracy 97% after 10 epochs.",
        n.extras.getCharSequence(Notification.EXTRA_TEXT).toString());
    assertEquals(0, n.flags & Notification.FLAG_ONGOING_EVENT);
    TrainingStatus paused = s.with(TrainingStatus.State.PAUSED, "Paused");
    assertEquals("Paused at step 300", TrainingWorker.notification(context, paused).extras
        .getCharSequence(Notification.EXTRA_TEXT).toString());
  }
}
