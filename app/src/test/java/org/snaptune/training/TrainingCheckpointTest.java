package org.snaptune.training;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import android.content.Context;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.snaptune.checkpoint.Checkpoint;
import org.snaptune.checkpoint.CheckpointStore;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.personalise.TrainingController;
import org.snaptune.personalise.TrainingStatus;
import org.snaptune.runtime.SignatureRunner;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.settings.Delegate;
import org.snaptune.settings.TrainingSettings;

/**
 * Background training across process death, with the real host TFLite runtime: the run
 * checkpoints every epoch, a fresh controller (a new process after WorkManager reruns the
 * worker) continues from the checkpoint, and a checkpoint of another run is ignored with a
 * status message.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
public class TrainingCheckpointTest {

  private static final String[] CLASSES = {"mug", "plant", "keyboard"};
  private static final int EPOCHS = 6;
  /** 48 samples (16 per class: all train, no holdout) in batches of 8: 6 steps per epoch. */
  private static final int STEPS_PER_EPOCH = 6;
  private Context context;

  @Before
  public void setUp() {
    context = ApplicationProvider.getApplicationContext();
    TrainingFixtures.storeSamples(context, 16, CLASSES);
  }

  private static TrainingSettings settings() {
    return TrainingSettings.builder().optSteps(EPOCHS * STEPS_PER_EPOCH).optBatchSize(8)
        .optEarlyStopping(false).optThreads(1).build();
  }

  @Test
  public void aFreshProcessResumesFromTheCheckpointedEpochWithItsWeights() throws Exception {
    // First process: killed in the middle of the third epoch (6 batches per epoch).
    Recording dying = new Recording(15);
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(), dying);
    TrainingController first = new TrainingController(env);
    assertTrue(first.requestStart());
    try {
      first.runBlocking(s -> { });
      fail("the process should have died");
    } catch (ProcessDeath expected) {
      assertEquals(15, dying.gradientCalls);
    }
    File file = env.checkpointFile();
    assertTrue("checkpoint written at the end of an epoch", file.isFile());
    Checkpoint saved = new CheckpointStore(file.toPath()).load().checkpoint();
    assertNotNull(saved);
    int epoch = (int) saved.state("epoch", -1);
    long steps = (long) saved.state("steps", -1);
    assertEquals(2, epoch);
    assertEquals(12, steps);
    assertEquals(Arrays.asList(CLASSES), saved.classNames());

    // Second process: a new controller, as WorkManager reruns the worker; nothing in memory.
    Recording healthy = new Recording(0);
    TrainingController second = new TrainingController(
        new TrainingFixtures.Env(context, settings(), healthy));
    List<TrainingStatus> seen = new ArrayList<>();
    TrainingStatus end = second.runBlocking(seen::add);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(end.message(), end.message().startsWith("Done"));
    assertEquals(EPOCHS, end.epoch());
    assertTrue(seen.toString(), seen.stream().anyMatch(s -> s.message().contains(
        "resumed after epoch 2, step 12")));
    // Only the remaining steps ran, not the whole run again.
    assertEquals(end.totalSteps() - steps, healthy.gradientCalls);
    // The trained weights went in first: they differ from the fresh head's initial weights.
    assertNotNull("restored through set_weights", healthy.firstSet);
    boolean trained = false;
    for (Map.Entry<String, float[]> v : saved.variables().entrySet()) {
      assertArrayEquals(v.getKey(), v.getValue(), healthy.firstSet.get(v.getKey()), 0f);
      trained |= !Arrays.equals(v.getValue(), healthy.firstGet.get(v.getKey()));
    }
    assertTrue("the checkpoint holds trained, not initial, weights", trained);
    // The run is over: nothing is left to resume.
    assertFalse(file.exists());
    assertFalse(new File(file.getPath() + ".prev").exists());
  }

  @Test
  public void aCheckpointOfAnotherClassListIsIgnoredAndTrainingStartsAfresh() throws Exception {
    TrainingFixtures.Env env0 = new TrainingFixtures.Env(context, settings(),
        HostSignatureRunner.factory());
    Map<String, float[]> vars = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    vars.put("kernel_0", new float[TrainingFixtures.DIM * 2]);
    shapes.put("kernel_0", new int[] {TrainingFixtures.DIM, 2});
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("epoch", 4.0);
    state.put("steps", 20.0);
    new CheckpointStore(env0.checkpointFile().toPath()).save(
        new Checkpoint(Arrays.asList("cat", "dog"), vars, shapes, state));

    Recording runtime = new Recording(0);
    TrainingController controller = new TrainingController(
        new TrainingFixtures.Env(context, settings(), runtime));
    List<TrainingStatus> seen = new ArrayList<>();
    TrainingStatus end = controller.runBlocking(seen::add);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(seen.toString(), seen.stream().anyMatch(s -> s.message().contains(
        "saved checkpoint ignored: checkpoint is for classes [cat, dog]")
        && s.message().contains("started afresh")));
    assertEquals("every step ran", end.totalSteps(), runtime.gradientCalls);
    assertFalse(env0.checkpointFile().exists());
  }

  @Test
  public void aCheckpointOfTheSameHeadWithOtherSettingsIsIgnored() throws Exception {
    Recording dying = new Recording(8);
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(), dying);
    try {
      new TrainingController(env).runBlocking(s -> { });
      fail("the process should have died");
    } catch (ProcessDeath expected) {
      assertTrue(env.checkpointFile().isFile());
    }
    // Same classes and head shape, another learning rate: not the same run.
    Recording runtime = new Recording(0);
    TrainingController controller = new TrainingController(new TrainingFixtures.Env(context,
        settings().toBuilder().optLearningRate(0.002f).build(), runtime));
    List<TrainingStatus> seen = new ArrayList<>();
    TrainingStatus end = controller.runBlocking(seen::add);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(seen.toString(), seen.stream().anyMatch(s -> s.message().contains(
        "saved checkpoint ignored: it is from a run with other settings or samples")));
    assertEquals("every step ran", end.totalSteps(), runtime.gradientCalls);
  }

  @Test
  public void aCheckpointSurvivesChangingTheCameraEngine() throws Exception {
    Recording dying = new Recording(8);
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(), dying);
    try {
      new TrainingController(env).runBlocking(s -> { });
      fail("the process should have died");
    } catch (ProcessDeath expected) {
      assertTrue(env.checkpointFile().isFile());
    }
    // The user toggled the camera's Engine and threads: speed, not what the head learns.
    Recording runtime = new Recording(0);
    TrainingController controller = new TrainingController(new TrainingFixtures.Env(context,
        settings().toBuilder().optDelegate(Delegate.GPU).optThreads(2).build(), runtime));
    List<TrainingStatus> seen = new ArrayList<>();
    TrainingStatus end = controller.runBlocking(seen::add);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(seen.toString(), seen.stream().anyMatch(s -> s.message().contains(
        "resumed after epoch 1, step 6")));
    assertEquals("only the remaining steps ran", end.totalSteps() - STEPS_PER_EPOCH,
        runtime.gradientCalls);
  }

  @Test
  public void aSystemStopKeepsTheCheckpointForTheRerunAndAUserStopDeletesIt() throws Exception {
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(),
        HostSignatureRunner.factory());
    TrainingController controller = new TrainingController(env);
    TrainingStatus end = controller.runBlocking(s -> {
      if (s.epoch() >= 2) {
        controller.stopBySystem();
      }
    });
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue("kept for WorkManager's rerun", env.checkpointFile().isFile());
    // WorkManager's rerun continues; the user then stops it for good.
    List<TrainingStatus> seen = new ArrayList<>();
    end = controller.runBlocking(s -> {
      seen.add(s);
      if (s.epoch() >= 4) {
        controller.stop();
      }
    });
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(end.message(), end.message().startsWith("Stopped after 4 epochs"));
    assertTrue(seen.toString(), seen.stream().anyMatch(s -> s.message().contains(
        "resumed after epoch 2, step 12")));
    assertFalse("a user stop ends the run", env.checkpointFile().exists());
  }

  /** Stands for the process being killed: nothing in the controller may catch it. */
  private static final class ProcessDeath extends Error {
    ProcessDeath() {
      super("process killed");
    }
  }

  /**
   * The host runtime, recording the first {@code get_weights} result and the first
   * {@code set_weights} input and counting {@code gradients} calls of the first runner it opens
   * (the training run; later runners are the accuracy estimate's cross-validation folds); dies on
   * gradients call {@code dieAt} (1-based; 0: never).
   */
  private static final class Recording implements SignatureRunnerFactory {
    final int dieAt;
    int gradientCalls;
    int opened;
    Map<String, float[]> firstGet;
    Map<String, float[]> firstSet;

    Recording(int dieAt) {
      this.dieAt = dieAt;
    }

    @Override
    public SignatureRunner open(byte[] model, int threads) {
      SignatureRunner real = HostSignatureRunner.open(model, threads);
      boolean first = ++opened == 1;
      return new SignatureRunner() {
        @Override public List<String> signatureKeys() { return real.signatureKeys(); }
        @Override public List<String> inputNames(String s) { return real.inputNames(s); }
        @Override public List<String> outputNames(String s) { return real.outputNames(s); }
        @Override public int[] inputShape(String s, String i) { return real.inputShape(s, i); }
        @Override public void resizeInput(String s, String i, int[] shape) {
          real.resizeInput(s, i, shape);
        }
        @Override public void close() { real.close(); }

        @Override
        public Map<String, float[]> run(String signature, Map<String, float[]> inputs) {
          if (!first) {
            return real.run(signature, inputs);
          }
          if ("gradients".equals(signature) && ++gradientCalls == dieAt) {
            throw new ProcessDeath();
          }
          if ("set_weights".equals(signature) && firstSet == null) {
            firstSet = new LinkedHashMap<>(inputs);
          }
          Map<String, float[]> out = real.run(signature, inputs);
          if ("get_weights".equals(signature) && firstGet == null) {
            firstGet = new LinkedHashMap<>(out);
          }
          return out;
        }
      };
    }
  }
}
