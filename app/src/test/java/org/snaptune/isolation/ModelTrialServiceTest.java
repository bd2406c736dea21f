package org.snaptune.isolation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import android.app.Application;
import android.content.ComponentName;
import android.content.Intent;
import android.content.ServiceConnection;
import android.content.pm.PackageManager;
import android.content.pm.ServiceInfo;
import android.os.Looper;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.snaptune.cli.ModelTrial;
import org.snaptune.model.SharedModels;

/**
 * The client/service contract of the isolated model trial, with the real service and the real host
 * TFLite runtime standing in for Android's (Robolectric runs everything in one process, so the
 * isolation itself is declared in the manifest and checked there; a dead process is simulated by
 * the disconnect Android would deliver).
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
public class ModelTrialServiceTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Application app;
  private ModelTrialService service;

  @Before
  public void bindTheRealService() {
    app = ApplicationProvider.getApplicationContext();
    service = Robolectric.buildService(ModelTrialService.class).create().get();
    Shadows.shadowOf(app).setComponentNameAndServiceForBindService(
        new ComponentName(app, ModelTrialService.class),
        service.onBind(new Intent(app, ModelTrialService.class)));
    ModelTrialService.setRunnerForTests(ModelTrial::runOnce);
  }

  @After
  public void restore() {
    ModelTrialService.setRunnerForTests(null);
    service.onDestroy();
  }

  private ModelTrialClient.Result check(File model, long timeoutMs) throws Exception {
    ModelTrialClient.Result[] out = new ModelTrialClient.Result[1];
    new ModelTrialClient(app, timeoutMs).check(model, r -> out[0] = r);
    long end = System.currentTimeMillis() + 60_000;
    while (out[0] == null && System.currentTimeMillis() < end) {
      Shadows.shadowOf(Looper.getMainLooper()).idle();
      Thread.sleep(5);
    }
    assertTrue("no answer from the trial", out[0] != null);
    return out[0];
  }

  private File file(byte[] bytes) throws Exception {
    File f = tmp.newFile();
    Files.write(f.toPath(), bytes);
    return f;
  }

  @Test
  public void manifestRunsTheServiceInAnIsolatedProcess() throws Exception {
    ServiceInfo info = app.getPackageManager().getServiceInfo(
        new ComponentName(app, ModelTrialService.class), PackageManager.GET_META_DATA);
    assertTrue(info.processName, info.processName.endsWith(":model_trial"));
    assertNotEquals(app.getApplicationInfo().processName, info.processName);
    assertEquals(ServiceInfo.FLAG_ISOLATED_PROCESS, info.flags & ServiceInfo.FLAG_ISOLATED_PROCESS);
    assertTrue(!info.exported);
  }

  @Test
  public void aGoodModelIsAcceptedAndTheOneByteMutantIsRefused() throws Exception {
    byte[] v1 = SharedModels.read(SharedModels.MOBILENET_V1_FLOAT);
    ModelTrialClient.Result ok = check(file(v1), 60_000);
    assertEquals(ok.toString(), ModelTrialClient.Result.Outcome.ACCEPTED, ok.outcome());

    byte[] mutant = v1.clone();
    mutant[0x1c93a8] = 2; // drops DEPTHWISE_CONV_2D op 15's bias (issue 14)
    ModelTrialClient.Result refused = check(file(mutant), 60_000);
    assertEquals(refused.toString(), ModelTrialClient.Result.Outcome.REFUSED, refused.outcome());
    assertTrue(refused.message(), refused.message().contains("(DEPTHWISE_CONV_2D) has 2 inputs"));
  }

  @Test
  public void aTrialProcessThatDiesIsReportedAsACrash() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ModelTrialService.setRunnerForTests(bytes -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "too late";
    });
    ModelTrialClient.Result[] out = new ModelTrialClient.Result[1];
    new ModelTrialClient(app, 60_000).check(file(new byte[] {1, 2, 3}), r -> out[0] = r);
    Shadows.shadowOf(Looper.getMainLooper()).idle();
    // What Android delivers when the isolated process dies mid-trial (e.g. SIGSEGV in a kernel).
    for (ServiceConnection c : new java.util.ArrayList<>(
        Shadows.shadowOf(app).getBoundServiceConnections())) {
      c.onServiceDisconnected(new ComponentName(app, ModelTrialService.class));
    }
    release.countDown();
    Shadows.shadowOf(Looper.getMainLooper()).idle();
    assertEquals(String.valueOf(out[0]), ModelTrialClient.Result.Outcome.CRASHED,
        out[0].outcome());
    assertTrue(out[0].message().contains("this model crashes TensorFlow Lite"));
    assertTrue("unbound after the crash", Shadows.shadowOf(app).getBoundServiceConnections()
        .isEmpty());
  }

  @Test
  public void aTrialThatNeverAnswersTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ModelTrialService.setRunnerForTests(bytes -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "too late";
    });
    ModelTrialClient.Result[] out = new ModelTrialClient.Result[1];
    new ModelTrialClient(app, 500).check(file(new byte[] {1}), r -> out[0] = r);
    Shadows.shadowOf(Looper.getMainLooper()).idleFor(java.time.Duration.ofMillis(600));
    release.countDown();
    assertEquals(String.valueOf(out[0]), ModelTrialClient.Result.Outcome.TIMED_OUT,
        out[0].outcome());
  }
}
