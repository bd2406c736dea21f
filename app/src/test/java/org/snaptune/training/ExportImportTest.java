package org.snaptune.training;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import android.content.Context;
import android.content.Intent;
import android.net.Uri;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.export.BundleReader;
import org.snaptune.export.ModelBundle;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.isolation.HostTrial;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.ModelInspector;
import org.snaptune.models.ModelSource;
import org.snaptune.personalise.BundleTransfer;
import org.snaptune.store.HeadStore;

/** Export through the share sheet and import with validation, with the real MobileNetV2. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class ExportImportTest {

  private static final List<String> LABELS = Arrays.asList("mug", "plant", "keyboard");
  private Context context;
  private byte[] head;
  private AppServices services;

  @Before
  public void setUp() throws IOException {
    context = ApplicationProvider.getApplicationContext();
    File f = new File(System.getProperty("snaptune.shared.models", "../../shared/models"),
        "mobilenet_v2_1.0_224_quant.tflite");
    assumeTrue("shared models absent: " + f, f.isFile());
    ModelSource backbone = new ModelSource() {
      @Override
      public byte[] read() throws IOException {
        return Files.readAllBytes(f.toPath());
      }

      @Override
      public String describe() {
        return f.getName();
      }
    };
    services = AppServices.builder()
        .setRunnerFactory(HostSignatureRunner.factory()).setBackbone(backbone)
        .optModelTrial(HostTrial.inProcess())
        .optBackgroundExecutor(Runnable::run).build();
    ((SnapTuneApplication) context).setServices(services);
    head = HeadCompiler.compile(HeadSpec.builder().setEmbeddingSize(1280).setNumClasses(3)
        .setBatchSize(4).optSeed(5).build());
    services.heads().save(head, LABELS);
  }

  @Test
  public void exportWritesABundleTheInspectorAcceptsAndImportRestoresIt() throws IOException {
    File exported = services.bundles().export();
    ModelBundle bundle = BundleReader.defaults().read(exported);
    assertEquals(1280, bundle.embeddingSize());
    assertEquals(LABELS, bundle.labels());
    assertEquals(224, bundle.inputSpec().width());
    ModelInspector.inspect(bundle.backbone());
    assertArrayEquals(new int[] {1280, 3}, HeadStore.headDims(bundle.head()));

    HeadStore heads = services.heads();
    heads.clear();
    assertNull(heads.read());
    try (InputStream in = new FileInputStream(exported)) {
      services.bundles().importBundle(in);
    }
    assertArrayEquals(head, heads.read().head());
    assertEquals(LABELS, heads.read().labels());
    assertNotNull("the camera can load the restored head", services.headSource().load(1280));
  }

  @Test
  public void damagedBundleIsRefusedAndChangesNothing() throws IOException {
    File exported = services.bundles().export();
    byte[] bytes = Files.readAllBytes(exported.toPath());
    bytes[bytes.length / 2] ^= 0x55;
    HeadStore heads = services.heads();
    try {
      services.bundles().importBundle(new java.io.ByteArrayInputStream(bytes));
      fail("a damaged bundle was imported");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage(), !expected.getMessage().isEmpty());
    }
    assertArrayEquals(head, heads.read().head());
  }

  @Test
  public void screenSharesTheExportAndReportsImports() throws IOException {
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      onView(withId(R.id.training_export)).perform(scrollTo(), click());
      TrainingFixtures.idle();
      onView(withId(R.id.training_notice)).check(matches(withText(containsString(
          "Exported snaptune-model.zip"))));
      Intent chooser = Shadows.shadowOf((android.app.Application) context)
          .getNextStartedActivity();
      assertEquals(Intent.ACTION_CHOOSER, chooser.getAction());
      Intent send = chooser.getParcelableExtra(Intent.EXTRA_INTENT);
      Uri uri = send.getParcelableExtra(Intent.EXTRA_STREAM);
      assertEquals("content", uri.getScheme());
      assertEquals(context.getPackageName() + BundleTransfer.AUTHORITY_SUFFIX, uri.getAuthority());
      assertTrue((send.getFlags() & Intent.FLAG_GRANT_READ_URI_PERMISSION) != 0);

      File junk = new File(context.getCacheDir(), "not-a-bundle.zip");
      try (FileOutputStream out = new FileOutputStream(junk)) {
        out.write("hello".getBytes("UTF-8"));
      }
      s.onActivity(a -> a.importFrom(Uri.fromFile(junk)));
      TrainingFixtures.idle();
      onView(withId(R.id.training_notice)).check(matches(withText(containsString(
          "Import failed: bundle has no manifest.json"))));
      s.onActivity(a -> org.snaptune.ui.Screens.content(a, "training-import-error"));
      File good = services.bundles().export();
      s.onActivity(a -> a.importFrom(Uri.fromFile(good)));
      TrainingFixtures.idle();
      onView(withId(R.id.training_notice)).check(matches(withText(containsString(
          "Imported 3 classes: mug, plant, keyboard"))));
    }
  }
}
