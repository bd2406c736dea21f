package org.snaptune.training;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.isDisplayed;
import static androidx.test.espresso.matcher.ViewMatchers.isEnabled;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import android.Manifest;
import android.app.Application;
import android.content.Context;
import android.widget.TextView;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.util.Arrays;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.R;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.models.HeadSource;
import org.snaptune.personalise.TrainingController;
import org.snaptune.personalise.TrainingStatus;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.settings.OptimizerChoice;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.Clipping;

/**
 * The training screen with real training: samples in the camera screen's SQLite store, the head
 * compiled from the settings and trained by the host TFLite runtime in the background worker.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class TrainingActivityTest {

  private static final String[] CLASSES = {"mug", "plant", "keyboard"};
  private Context context;
  private TrainingController controller;

  @Before
  public void setUp() {
    context = ApplicationProvider.getApplicationContext();
    // Granted up front: Robolectric shows no permission dialog that could answer the request.
    Shadows.shadowOf((Application) context)
        .grantPermissions(Manifest.permission.POST_NOTIFICATIONS);
    TrainingFixtures.freshWorkManager(context);
    env(settings(3), HostSignatureRunner.factory());
  }

  private TrainingFixtures.Env env(TrainingSettings settings, SignatureRunnerFactory factory) {
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings, factory);
    controller = TrainingFixtures.install(context, env);
    return env;
  }

  private static TrainingSettings settings(int steps) {
    return TrainingSettings.builder().optSteps(steps).optBatchSize(8).optEarlyStopping(false)
        .optThreads(1).build();
  }

  @Test
  public void emptyScreenInvitesToStart() throws Exception {
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      TrainingFixtures.idle();
      onView(withId(R.id.training_status)).check(matches(withText(containsString("Not trained"))));
      onView(withId(R.id.training_start)).check(matches(isEnabled()));
      onView(withId(R.id.training_pause)).check(matches(not(isEnabled())));
      onView(withId(R.id.training_badge)).check(matches(not(isDisplayed())));
      s.onActivity(a -> {
        assertEquals(0, ((ChartView) a.findViewById(R.id.training_chart_loss)).pointCount());
        for (int id : new int[] {R.id.training_start, R.id.training_pause, R.id.training_stop,
            R.id.training_settings, R.id.training_export, R.id.training_import,
            R.id.training_chart_loss, R.id.training_confusion}) {
          CharSequence d = a.findViewById(id).getContentDescription();
          assertTrue(a.getResources().getResourceEntryName(id) + " has no content description",
              d != null && d.length() > 0);
        }
        assertEquals("Pause training before the next step",
            a.findViewById(R.id.training_pause).getContentDescription().toString());
        shot(a, "training-empty");
      });
    }
  }

  @Test
  public void trainsStoredSamplesWithLiveChartsPauseResumeStopAndSavesTheHead() throws Exception {
    float[][] centres = TrainingFixtures.storeSamples(context, 48, CLASSES);
    // 100 000 steps: long enough that pause, resume and stop all happen mid-run.
    TrainingFixtures.Env env = env(settings(TrainingSettings.MAX_STEPS).toBuilder()
        .optBatchSize(2).build(), HostSignatureRunner.factory());
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      onView(withId(R.id.training_start)).perform(click());
      TrainingFixtures.await("two epochs", 60_000, () -> controller.current().epoch() >= 2,
          controller::current);
      onView(withId(R.id.training_pause)).perform(click());
      TrainingFixtures.await("the pause", 10_000,
          () -> controller.current().state() == TrainingStatus.State.PAUSED, controller::current);
      // Pause takes effect before the next step: the one in flight when it was pressed may end.
      long pressedAt = controller.current().step();
      Thread.sleep(300);
      TrainingFixtures.idle();
      long pausedAt = controller.current().step();
      assertTrue("at most the step in flight ends after Pause", pausedAt - pressedAt <= 1);
      Thread.sleep(300);
      TrainingFixtures.idle();
      assertEquals("no step while paused", pausedAt, controller.current().step());
      onView(withId(R.id.training_pause)).check(matches(withText("Resume")));
      onView(withId(R.id.training_start)).check(matches(not(isEnabled())));
      s.onActivity(a -> {
        assertTrue(((ChartView) a.findViewById(R.id.training_chart_loss)).pointCount() >= 10);
        assertTrue(((ChartView) a.findViewById(R.id.training_chart_norm)).pointCount() >= 20);
        assertTrue(((ChartView) a.findViewById(R.id.training_chart_accuracy)).pointCount() >= 2);
        shot(a, "training-paused");
      });
      onView(withId(R.id.training_pause)).perform(click());
      TrainingFixtures.await("steps after resuming", 30_000,
          () -> controller.current().step() > pausedAt + 40, controller::current);
      // The badge follows the monitor's verdict: healthy, or stalled once validation loss
      // flattens on these easy clusters, never a gradient problem.
      TrainingFixtures.idle();
      String[] kind = new String[1];
      s.onActivity(a -> {
        // Both read in one main-thread turn: training goes on, and an Espresso check would first
        // deliver a newer snapshot whose verdict may have flipped between healthy and stalled.
        kind[0] = controller.charts().getValue().verdict.kind().name();
        assertEquals(kind[0],
            ((TextView) a.findViewById(R.id.training_badge)).getText().toString());
      });
      assertTrue(kind[0], kind[0].equals("HEALTHY") || kind[0].equals("STALLED"));
      onView(withId(R.id.training_stop)).perform(click());
      TrainingFixtures.await("the stop", 30_000,
          () -> controller.current().state() == TrainingStatus.State.FINISHED,
          controller::current);
      TrainingFixtures.idle();
      assertTrue(controller.current().step() < TrainingSettings.MAX_STEPS);
      onView(withId(R.id.training_status)).check(matches(withText(containsString(
          "head so far is saved"))));
      onView(withId(R.id.training_start)).check(matches(isEnabled()));
      s.onActivity(a -> {
        ConfusionView cv = a.findViewById(R.id.training_confusion);
        assertTrue(cv.getContentDescription().toString().contains("validation accuracy"));
        shot(a, "training-stopped");
      });
    }
    // The saved head is the one the camera loads, and it tells the classes apart.
    assertEquals(Arrays.asList(CLASSES), env.heads.read().labels());
    HeadSource.Head head = env.headSource().load(TrainingFixtures.DIM);
    assertNotNull(head);
    try {
      for (int c = 0; c < CLASSES.length; c++) {
        Map<String, float[]> out = head.runner().run("infer",
            java.util.Collections.singletonMap("x", centres[c]));
        float[] p = out.get("probabilities");
        int best = 0;
        for (int k = 1; k < p.length; k++) {
          best = p[k] > p[best] ? k : best;
        }
        assertEquals("class centre " + CLASSES[c], c, best);
      }
    } finally {
      head.runner().close();
    }
  }

  @Test
  public void forcedNonFiniteStepsShowTheRecoveryMessage() throws Exception {
    TrainingFixtures.storeSamples(context, 16, CLASSES);
    TrainingSettings settings = settings(72).toBuilder().optOptimizer(OptimizerChoice.SGD)
        .optLearningRate(0.05f).optClipping(Clipping.Mode.GLOBAL_NORM, 1f).build();
    env(settings, TrainingFixtures.poisoned(5, 6, 7));
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      startAndAwaitTheEnd(120_000);
      assertEquals(controller.current().message(), TrainingStatus.State.FINISHED,
          controller.current().state());
      onView(withId(R.id.training_recovery)).check(matches(withText(containsString(
          "3 non-finite steps skipped"))));
      onView(withId(R.id.training_status)).check(matches(withText(containsString(
          "recovered from 3 non-finite steps"))));
      s.onActivity(a -> shot(a, "training-nan-recovery"));
    }
  }

  @Test
  public void hugeLearningRateOnCorruptedSamplesEndsFailedAndSaysWhatToChange() throws Exception {
    TrainingFixtures.storeSamples(context, 16, 1e4f, CLASSES);
    TrainingSettings settings = settings(30).toBuilder().optOptimizer(OptimizerChoice.SGD)
        .optLearningRate(10f).optHiddenSize(16).optClipping(Clipping.Mode.OFF, 1f).build();
    TrainingFixtures.Env env = env(settings, HostSignatureRunner.factory());
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      onView(withId(R.id.training_start)).perform(click());
      TrainingFixtures.await("the failure", 60_000,
          () -> controller.current().state() == TrainingStatus.State.FAILED, controller::current);
      TrainingFixtures.idle();
      onView(withId(R.id.training_status)).check(matches(withText(containsString(
          "Training failed: recovery gave up after 10 rollbacks"))));
      onView(withId(R.id.training_status)).check(matches(withText(containsString(
          "What to change: lower the learning rate"))));
      onView(withId(R.id.training_badge)).check(matches(withText("EXPLODING")));
      onView(withId(R.id.training_recovery)).check(matches(withText(containsString(
          "weights rolled back to the last good checkpoint 10 times"))));
      onView(withId(R.id.training_badge_advice)).check(matches(withText(startsWith(
          "What to change: "))));
      s.onActivity(a -> shot(a, "training-failed-exploding"));
    }
    // A failed run's weights are useless: nothing replaces the camera's head.
    assertNull(env.heads.read());
  }

  @Test
  public void anExplodingStartBacksTheLearningRateOffAndTheScreenSaysSo() throws Exception {
    TrainingFixtures.storeSamples(context, 16, CLASSES);
    TrainingSettings settings = settings(30).toBuilder().optOptimizer(OptimizerChoice.SGD)
        .optLearningRate(10f).optHiddenSize(64).optClipping(Clipping.Mode.OFF, 1f).build();
    env(settings, HostSignatureRunner.factory());
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      startAndAwaitTheEnd(60_000);
      assertEquals(controller.current().message(), TrainingStatus.State.FINISHED,
          controller.current().state());
      onView(withId(R.id.training_recovery)).check(matches(withText(containsString(
          "learning rate backed off"))));
      onView(withId(R.id.training_recovery)).check(matches(withText(containsString(
          "of the configured rate"))));
      s.onActivity(a -> shot(a, "training-lr-backoff"));
    }
  }

  @Test
  public void aTightClippingThresholdShowsSaturatedClipping() throws Exception {
    TrainingFixtures.storeSamples(context, 16, CLASSES);
    TrainingSettings settings = settings(10).toBuilder()
        .optClipping(Clipping.Mode.GLOBAL_NORM, 0.001f).build();
    env(settings, HostSignatureRunner.factory());
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      startAndAwaitTheEnd(60_000);
      onView(withId(R.id.training_badge)).check(matches(withText("SATURATED CLIPPING")));
      onView(withId(R.id.training_badge_explanation)).check(matches(withText(containsString(
          "threshold too tight"))));
      onView(withId(R.id.training_badge_advice)).check(matches(withText(containsString(
          "raise the clipping threshold"))));
      s.onActivity(a -> shot(a, "training-saturated-clipping"));
    }
  }

  @Test
  public void oneClassIsAnErrorThatNamesTheFix() throws Exception {
    TrainingFixtures.storeSamples(context, 5, "only");
    env(settings(3), HostSignatureRunner.factory());
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      onView(withId(R.id.training_start)).perform(click());
      TrainingFixtures.await("the failure", 30_000,
          () -> controller.current().state() == TrainingStatus.State.FAILED, controller::current);
      TrainingFixtures.idle();
      onView(withId(R.id.training_status)).check(matches(withText(containsString(
          "at least two classes"))));
      onView(withId(R.id.training_start)).check(matches(isEnabled()));
      s.onActivity(a -> {
        TextView status = a.findViewById(R.id.training_status);
        assertTrue(status.getText().toString().startsWith("Training failed: "));
        shot(a, "training-error");
      });
    }
  }

  /** Presses Start and waits (up to {@code timeoutMs}) until the run has ended. */
  private void startAndAwaitTheEnd(long timeoutMs) throws InterruptedException {
    onView(withId(R.id.training_start)).perform(click());
    TrainingFixtures.await("the end of training", timeoutMs,
        () -> !controller.current().isActive()
            && controller.current().state() != TrainingStatus.State.IDLE, controller::current);
    TrainingFixtures.idle();
  }

  private static void shot(TrainingActivity a, String name) {
    TrainingFixtures.screenshot(a, name);
  }
}
