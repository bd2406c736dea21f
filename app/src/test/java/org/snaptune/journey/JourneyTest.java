package org.snaptune.journey;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import android.Manifest;
import android.app.Activity;
import android.content.Intent;
import android.net.Uri;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowActivity;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.classify.CameraActivity;
import org.snaptune.classify.ClassifyState;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.image.Yuv420Frame;
import org.snaptune.isolation.HostTrial;
import org.snaptune.personalise.TrainingController;
import org.snaptune.personalise.TrainingStatus;
import org.snaptune.training.TrainingActivity;
import org.snaptune.vision.Classification;

/**
 * A person's first session, end to end, with a camera that streams frames on its own thread the
 * whole time (also during every press): first launch without a backbone → download from a local
 * HTTPS server with progress, rotated and left mid-download → a launch offline on a phone without
 * the model: an honest error, then the import path → three classes, taps and holds over distinct
 * pictures of each → a class classifies from its first sample (prototypes) → training with the
 * defaults, rotated mid-run → held-out pictures classified right → the process recreated: same
 * predictions → export → app data wiped → import → same predictions. A screenshot per step in
 * app/target/screenshots/journey/.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class JourneyTest {

  static final int FPS = 20;
  static final int HELD_OUT = 8;
  static final long HOLD_MILLIS = 1000;

  private final List<ExecutorService> executors = new ArrayList<>();
  private final List<AppServices> containers = new ArrayList<>();
  private final StreamingCamera.Scene scene = new StreamingCamera.Scene();
  private final StreamingCamera.Factory camera = new StreamingCamera.Factory(scene, FPS);
  private SnapTuneApplication app;
  private ExecutorService background;
  private LocalHttps server;

  @After
  public void tearDown() throws Exception {
    for (AppServices s : containers) {
      s.close();
    }
    for (ExecutorService e : executors) {
      e.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A new container (as a new process makes it): same files, new state. */
  private void newProcess() {
    if (!containers.isEmpty()) {
      containers.get(containers.size() - 1).close();
    }
    background = Executors.newSingleThreadExecutor();
    executors.add(background);
    AppServices s = AppServices.builder()
        .setRunnerFactory(HostSignatureRunner.factory())
        .setBackbone(Kit.NO_BACKBONE)
        .optBackgroundExecutor(background)
        .optBackboneRunnerFactory(HostBackboneRunner.factory())
        .optCameraSourceFactory(camera)
        .optModelTrial(HostTrial.inProcess())
        .optDownloadConfig(server.config(File::getUsableSpace))
        .build();
    containers.add(s);
    app.setServices(s);
  }

  @Test
  public void firstSessionFromDownloadToPersonalisedAndBack() throws Exception {
    long started = System.nanoTime();
    File modelFile = Kit.shared("mobilenet_v2_1.0_224_quant.tflite");
    server = new LocalHttps(modelFile, Kit.shared("imagenet_labels.txt"));
    app = ApplicationProvider.getApplicationContext();
    Kit.freshWorkManager(app);
    Kit.forgetFileProviderRoots();
    Shadows.shadowOf(app).grantPermissions(Manifest.permission.CAMERA,
        Manifest.permission.POST_NOTIFICATIONS);
    newProcess();
    scene.show(Pictures.of(0, 500));

    download();
    offlineThenImport(modelFile);
    List<String> predicted = collectAndTrain();
    newProcess();
    assertEquals("the recreated process predicts the same", predicted, predict("11_restarted"));
    File bundle = export();
    wipeAppData();
    importBundle(bundle);
    assertEquals("after wipe and import, the same predictions", predicted,
        predict("14_imported"));
    System.err.printf(Locale.ROOT, "JOURNEY total %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  /** First launch: download with progress, rotated and then left while it runs. */
  private void download() throws Exception {
    server.mode.set(LocalHttps.Mode.SLOW);
    try (ActivityScenario<CameraActivity> s = ActivityScenario.launch(CameraActivity.class)) {
      Person p = new Person(s, background);
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.MISSING);
      assertEquals("Backbone needed", p.text(R.id.camera_message_title));
      p.shot("01_first_launch_no_backbone");
      s.onActivity(a -> a.findViewById(R.id.camera_message_primary).performClick());
      Kit.await("download progress", 20_000, () -> p.state().progress() > 0.05f,
          () -> p.state().model());
      assertEquals(ClassifyState.Model.DOWNLOADING, p.state().model());
      assertTrue(p.text(R.id.camera_message_body), p.text(R.id.camera_message_body)
          .matches("\\d+% of the official MobileNetV2 model"));
      p.shot("02_downloading");
      float before = p.state().progress();
      RuntimeEnvironment.setQualifiers("+land");
      s.recreate();
      assertEquals(ClassifyState.Model.DOWNLOADING, p.state().model());
      assertTrue(p.state().progress() >= before);
      p.shot("03_downloading_rotated");
      RuntimeEnvironment.setQualifiers("+port");
    }
    // The screen is gone (its ViewModel cleared); the work goes on.
    try (ActivityScenario<CameraActivity> s = ActivityScenario.launch(CameraActivity.class)) {
      Person p = new Person(s, background);
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.READY);
      assertEquals("one download: model and labels, never restarted", 2, server.requests());
      awaitResult(p, Classification.Source.IMAGENET);
      p.shot("04_ready_imagenet");
    }
  }

  /** A phone without the model and without network: the error says so; import works. */
  private void offlineThenImport(File modelFile) throws Exception {
    server.goOffline();
    Kit.wipe(new File(app.getFilesDir(), "models"));
    newProcess();
    try (ActivityScenario<CameraActivity> s = ActivityScenario.launch(CameraActivity.class)) {
      Person p = new Person(s, background);
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.MISSING);
      s.onActivity(a -> a.findViewById(R.id.camera_message_primary).performClick());
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.FAILED);
      assertTrue(p.text(R.id.camera_message_body),
          p.text(R.id.camera_message_body).startsWith("You seem to be offline"));
      assertEquals("Import .tflite", p.text(R.id.camera_message_secondary));
      p.shot("05_offline_error_and_import");
      File picked = File.createTempFile("picked", ".tflite");
      Files.copy(modelFile.toPath(), picked.toPath(), StandardCopyOption.REPLACE_EXISTING);
      s.onActivity(a -> {
        a.findViewById(R.id.camera_message_secondary).performClick();
        answerPicker(a, Uri.fromFile(picked));
      });
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.READY);
      awaitResult(p, Classification.Source.IMAGENET);
      p.shot("06_imported_backbone");
    }
  }

  /** Hands the document the person picked to the screen that opened the picker. */
  static void answerPicker(Activity a, Uri uri) {
    ShadowActivity shadow = Shadows.shadowOf(a);
    Intent asked = shadow.peekNextStartedActivityForResult().intent;
    assertNotNull(asked);
    shadow.receiveResult(asked, Activity.RESULT_OK, new Intent().setData(uri));
  }

  /** Waits for a frame classified by {@code source} and returns its top label. */
  static void awaitResult(Person p, Classification.Source source) throws InterruptedException {
    Kit.await("a result from " + source, 20_000, () -> p.state().result() != null
        && p.state().result().source() == source, () -> p.state().result());
  }

  private List<String> collectAndTrain() throws Exception {
    Sessions sessions = new Sessions(scene, camera);
    try (ActivityScenario<CameraActivity> s = ActivityScenario.launch(CameraActivity.class)) {
      Person p = new Person(s, background);
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.READY);
      sessions.collect(p);
    }
    train();
    try (ActivityScenario<CameraActivity> s = ActivityScenario.launch(CameraActivity.class)) {
      Person p = new Person(s, background);
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.READY);
      return sessions.heldOut(p, "10_personalised");
    }
  }

  private List<String> predict(String shot) throws Exception {
    try (ActivityScenario<CameraActivity> s = ActivityScenario.launch(CameraActivity.class)) {
      Person p = new Person(s, background);
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.READY);
      // A new screen fits its prototypes (or loads the head) in the background: a person looks
      // at the mode line before judging, so the first frames may still be ImageNet's.
      Kit.await("a personalised classification", 20_000, () -> {
        ClassifyState st = p.state();
        return st.result() != null && st.result().source() != Classification.Source.IMAGENET;
      }, () -> String.valueOf(p.state().result()));
      return new Sessions(scene, camera).heldOut(p, shot);
    }
  }

  /** Training with the defaults from the training screen, rotated while the run is active. */
  private void train() throws Exception {
    TrainingController controller = SnapTuneApplication.services(app).training();
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      s.onActivity(a -> a.findViewById(R.id.training_start).performClick());
      boolean active = controller.current().isActive();
      RuntimeEnvironment.setQualifiers("+land");
      s.recreate();
      s.onActivity(a -> Kit.screenshot(a, "08_training_rotated"));
      RuntimeEnvironment.setQualifiers("+port");
      assertTrue("the rotation came while the run was active", active);
      Kit.await("training to end", 60_000, () -> !controller.current().isActive(),
          controller::current);
      TrainingStatus end = controller.current();
      assertEquals(end.message(), TrainingStatus.State.FINISHED, end.state());
      s.onActivity(a -> Kit.screenshot(a, "09_trained"));
    }
  }

  private File export() throws Exception {
    File exported = new File(app.getCacheDir(), "exports/snaptune-model.zip");
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      s.onActivity(a -> a.findViewById(R.id.training_export).performClick());
      Kit.await("the export", 20_000, exported::isFile, () -> "no file yet");
      Kit.drain(background);
      Kit.idle();
      s.onActivity(a -> {
        Intent share = Shadows.shadowOf(a).getNextStartedActivity();
        assertNotNull("the share sheet opened", share);
        assertEquals(Intent.ACTION_CHOOSER, share.getAction());
        Kit.screenshot(a, "12_exported");
      });
    }
    // Shared to somewhere outside the app (the person's drive).
    File kept = File.createTempFile("snaptune-export", ".zip");
    Files.copy(exported.toPath(), kept.toPath(), StandardCopyOption.REPLACE_EXISTING);
    return kept;
  }

  /** Settings → Apps → SnapTune → Clear storage: every file, database and preference goes. */
  private void wipeAppData() {
    containers.get(containers.size() - 1).close();
    Kit.wipe(app.getFilesDir());
    Kit.wipe(app.getCacheDir());
    Kit.wipe(app.getNoBackupFilesDir());
    Kit.wipe(app.getDatabasePath("samples.db").getParentFile());
    Kit.wipe(new File(app.getDataDir(), "shared_prefs"));
    newProcess();
  }

  private void importBundle(File bundle) throws Exception {
    try (ActivityScenario<CameraActivity> s = ActivityScenario.launch(CameraActivity.class)) {
      DownloadFailuresTest.awaitModel(s, ClassifyState.Model.MISSING); // the wipe took it all
    }
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      s.onActivity(a -> {
        a.findViewById(R.id.training_import).performClick();
        answerPicker(a, Uri.fromFile(bundle));
      });
      String[] notice = new String[1];
      Kit.await("the import", 30_000, () -> {
        s.onActivity(a -> notice[0] = Kit.text(a, R.id.training_notice));
        return notice[0].startsWith("Imported ") || notice[0].startsWith("Import failed");
      }, () -> notice[0]);
      assertTrue(notice[0], notice[0].startsWith("Imported 3 classes: sun, stripes, checks"));
      s.onActivity(a -> {
        // The notice sits below the charts: scroll to it, as the person would.
        android.view.View n = a.findViewById(R.id.training_notice);
        n.requestRectangleOnScreen(new android.graphics.Rect(0, 0, n.getWidth(), n.getHeight()),
            true);
        Kit.screenshot(a, "13_bundle_imported");
      });
    }
  }

  static List<Yuv420Frame> pictures(int c, int from, int count) {
    List<Yuv420Frame> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Pictures.of(c, from + i));
    }
    return out;
  }
}
