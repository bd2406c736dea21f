package org.snaptune.training;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import android.content.Context;
import android.view.View;
import android.widget.TextView;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.R;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.personalise.TrainingController;
import org.snaptune.personalise.TrainingStatus;
import org.snaptune.personalise.TrustState;
import org.snaptune.prototype.HeldOutRecord;
import org.snaptune.prototype.Selection;
import org.snaptune.prototype.TrustReport;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.storage.SqliteSampleRepository;

/**
 * What a finished run puts in use, with real training on the host runtime: prototypes or the
 * trained head (whichever is better on the same held-out samples), the regression gate against
 * the head in use, and bad input that must leave the head in use untouched.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class HeadDecisionTest {

  private static final String[] CLASSES = {"keys", "wallet", "mug"};
  private Context context;

  @Before
  public void setUp() {
    context = ApplicationProvider.getApplicationContext();
  }

  private static TrainingSettings settings() {
    return TrainingSettings.builder().optThreads(1).build();
  }

  /**
   * Classes told apart only by embedding value 0 (0, 1, 2 ± 0.15), drowned in large shared noise
   * in 15 other values (σ 2): cosine prototypes see mostly noise, a trained linear head learns to
   * ignore it.
   */
  private void storeNoisyClasses(int perClass, long seed) {
    Random r = new Random(seed);
    SqliteSampleRepository repo = new SqliteSampleRepository(context, TrainingFixtures.DB,
        TrainingFixtures.DIM);
    try {
      for (int c = 0; c < CLASSES.length; c++) {
        long id = repo.createClass(CLASSES[c]).id();
        for (int i = 0; i < perClass; i++) {
          float[] e = new float[TrainingFixtures.DIM];
          e[0] = 3 * c + (float) r.nextGaussian() * 0.15f;
          for (int d = 1; d < e.length; d++) {
            e[d] = 2 + (d < 16 ? (float) r.nextGaussian() * 2f : 0f);
          }
          repo.addSample(id, e, thumbnail(c, i), 1000L + i);
        }
      }
    } finally {
      repo.close();
    }
  }

  /** A real JPEG: the class's hue, brighter with the sample number. */
  private static byte[] thumbnail(int c, int i) {
    int[] argb = new int[32 * 32];
    int level = 80 + 7 * i;
    java.util.Arrays.fill(argb, android.graphics.Color.rgb(c == 0 ? level : 40,
        c == 1 ? level : 40, c == 2 ? level : 40));
    return org.snaptune.samples.Thumbnails.jpeg(argb, 32, 32);
  }

  private static byte[] someHead() {
    return HeadCompiler.compile(HeadSpec.builder().setEmbeddingSize(TrainingFixtures.DIM)
        .setNumClasses(CLASSES.length).setBatchSize(8).optSeed(5).build());
  }

  private TrainingStatus run(TrainingFixtures.Env env, TrainingController controller) {
    assertTrue(controller.requestStart());
    return controller.runBlocking(s -> { });
  }

  @Test
  public void onEasySamplesThePrototypesStayInUseAndAStaleHeadIsRemoved() throws Exception {
    TrainingFixtures.storeSamples(context, 4, CLASSES);
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(),
        HostSignatureRunner.factory());
    env.heads.save(someHead(), Arrays.asList(CLASSES));
    TrainingController controller = new TrainingController(env);
    TrainingStatus end = run(env, controller);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    // Both are perfect on these clusters; a tie keeps the prototypes, so no head is served.
    assertTrue(end.message(), end.message().contains("Using the prototypes: kept the prototypes:"
        + " the trained head is not more accurate (100.0 % vs 100.0 % on the same 12 held-out"));
    assertNull("the stale head is gone, the camera falls back to prototypes", env.heads.read());
    assertTrue(env.heads.lastDecision(), env.heads.lastDecision().startsWith(
        "Using the prototypes"));
    TrainingFixtures.idle();
    TrustReport trust = controller.trust().getValue().report;
    assertNotNull(trust);
    assertEquals(Selection.Kind.PROTOTYPES, trust.classifier());
    assertEquals(1.0, trust.accuracy(), 0);
  }

  @Test
  public void stopWhileCrossValidatingEndsAtOnceAndKeepsTheClassifierInUse() throws Exception {
    TrainingFixtures.storeSamples(context, 4, CLASSES);
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(),
        HostSignatureRunner.factory());
    env.heads.save(someHead(), Arrays.asList(CLASSES));
    env.heads.saveDecision("Using the trained head: earlier run.");
    TrainingController controller = new TrainingController(env);
    // Presses Stop as soon as the screen says the folds are being measured.
    Thread presser = new Thread(() -> {
      while (!controller.current().message().startsWith("Measuring accuracy")) {
        Thread.yield();
      }
      controller.stop();
    });
    presser.start();
    TrainingStatus end = run(env, controller);
    presser.join(10_000);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(end.message(), end.message().contains("Stopped while comparing: kept the"
        + " classifier in use (stopped"));
    assertNotNull("the head in use is kept", env.heads.read());
    assertEquals("Using the trained head: earlier run.", env.heads.lastDecision());
  }

  @Test
  public void aHeadThatBeatsThePrototypesIsSavedWithItsHeldOutRecordAndShown() throws Exception {
    storeNoisyClasses(24, 3);
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(),
        HostSignatureRunner.factory());
    TrainingController controller = TrainingFixtures.install(context, env);
    TrainingStatus end = run(env, controller);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(end.message(), end.message().contains("Using the trained head: the trained head is"
        + " more accurate than the prototypes"));
    org.snaptune.store.HeadStore.Saved saved = env.heads.read();
    assertNotNull(saved);
    assertEquals(Arrays.asList(CLASSES), saved.labels());
    assertNotNull("saved with its held-out record for the next regression gate", saved.record());
    TrainingFixtures.idle();
    TrustReport trust = controller.trust().getValue().report;
    assertEquals(Selection.Kind.HEAD, trust.classifier());
    assertTrue(trust.summary(), trust.summary().contains("5-fold cross-validation"));
    assertTrue("some held-out photos are misclassified", trust.mistakes().size() > 0);
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      TrainingFixtures.idle();
      s.onActivity(a -> {
        assertEquals(View.VISIBLE, a.findViewById(R.id.trust_section).getVisibility());
        String summary = ((TextView) a.findViewById(R.id.trust_summary)).getText().toString();
        assertTrue(summary, summary.contains("In use: the trained head."));
        android.view.ViewGroup thumbs = a.findViewById(R.id.trust_thumbnails);
        assertEquals("one picture per misclassified held-out photo (up to 5)",
            Math.min(TrustState.MAX_THUMBNAILS, trust.mistakes().size()), thumbs.getChildCount());
        TrainingFixtures.screenshot(a, "training-trust-report");
      });
    }
  }

  @Test
  public void aNewClassifierThatLosesOnTheEarlierClassesIsRejectedAndTheOldHeadKept()
      throws Exception {
    storeNoisyClasses(6, 4);
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(),
        HostSignatureRunner.factory());
    byte[] old = someHead();
    // The head in use claims 100 % on 10 held-out photos of each earlier class.
    env.heads.save(old, Arrays.asList(CLASSES), HeldOutRecord.parse(
        "1.0\t10\tkeys\n1.0\t10\twallet\n1.0\t10\tmug\n".getBytes(StandardCharsets.UTF_8)));
    TrainingController controller = TrainingFixtures.install(context, env);
    TrainingStatus end = run(env, controller);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(end.message(), end.message().contains("Kept the earlier head: the new"));
    assertTrue(end.message(), end.message().contains("on the earlier classes"));
    assertArrayEquals("the earlier head is still the one served", old, env.heads.read().head());
    shotOfTheScreen("training-trust-rejected");
  }

  @Test
  public void oneSamplePerClassKeepsThePrototypesAndSaysAccuracyIsNotMeasured() throws Exception {
    storeNoisyClasses(1, 5);
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(),
        HostSignatureRunner.factory());
    TrainingController controller = TrainingFixtures.install(context, env);
    TrainingStatus end = run(env, controller);
    assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
    assertTrue(end.message(), end.message().contains("Using the prototypes: kept the prototypes:"
        + " no class has two samples"));
    assertNull(env.heads.read());
    TrainingFixtures.idle();
    TrustReport trust = controller.trust().getValue().report;
    assertTrue(trust.summary(), trust.summary().startsWith("Accuracy not measured yet"));
    shotOfTheScreen("training-trust-unmeasured");
  }

  private void shotOfTheScreen(String name) throws Exception {
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      TrainingFixtures.idle();
      s.onActivity(a -> {
        TrainingFixtures.screenshot(a, name);
      });
    }
  }

  @Test
  public void duplicateSamplesFailWithAClearMessageAndLeaveTheHeadInUse() throws Exception {
    SqliteSampleRepository repo = new SqliteSampleRepository(context, TrainingFixtures.DB,
        TrainingFixtures.DIM);
    float[] same = new float[TrainingFixtures.DIM];
    Arrays.fill(same, 0.5f);
    float[] other = new float[TrainingFixtures.DIM];
    try {
      long keys = repo.createClass("keys").id();
      long wallet = repo.createClass("wallet").id();
      repo.addSample(keys, same, new byte[] {1}, 1);
      repo.addSample(keys, same, new byte[] {1}, 2);
      repo.addSample(wallet, other, new byte[] {1}, 3);
    } finally {
      repo.close();
    }
    TrainingFixtures.Env env = new TrainingFixtures.Env(context, settings(),
        HostSignatureRunner.factory());
    byte[] old = HeadCompiler.compile(HeadSpec.builder().setEmbeddingSize(TrainingFixtures.DIM)
        .setNumClasses(2).setBatchSize(8).build());
    env.heads.save(old, Arrays.asList("keys", "wallet"));
    TrainingStatus end = run(env, new TrainingController(env));
    assertEquals(TrainingStatus.State.FAILED, end.state());
    assertTrue(end.message(), end.message().contains("1 duplicate sample (identical embeddings,"
        + " e.g. samples 0 and 1 of 'keys'): delete the copies"));
    assertArrayEquals(old, env.heads.read().head());
  }
}
