package org.snaptune;

import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.models.HeadSource;
import org.snaptune.models.ModelSource;
import org.snaptune.personalise.AndroidTrainingEnvironment;
import org.snaptune.storage.TrainedHeadStore;

/**
 * The container builds each long-lived object once and wires them to each other: the camera's head
 * source, the training environment and the bundle transfer share one head store, one backbone
 * store and one sample database. A new container (a new process) builds new ones.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
public class AppServicesContainerTest {

  private static final ModelSource NONE = ModelSource.absent("none");

  private static AppServices services() {
    return AppServices.builder().setRunnerFactory(HostSignatureRunner.factory()).setBackbone(NONE)
        .optBackgroundExecutor(Runnable::run).build();
  }

  @Test
  public void storesNeedTheApplicationFirstAndSaySo() {
    AppServices s = services();
    try {
      s.backbones();
      fail("a store was built without the application's directories");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("SnapTuneApplication.setServices"));
    }
  }

  @Test
  public void everyObjectIsBuiltOnceAndShared() throws Exception {
    SnapTuneApplication app = ApplicationProvider.getApplicationContext();
    AppServices s = services();
    app.setServices(s);
    assertSame(s.backbones(), s.backbones());
    assertSame(s.heads(), s.heads());
    assertSame(s.training(), s.training());
    assertSame(s.bundles(), s.bundles());
    assertSame(s.samples(), s.samples());
    HeadSource camera = s.headSource();
    assertSame(camera, s.headSource());
    assertSame("the camera reads the head training saves", s.heads(),
        ((TrainedHeadStore) camera).files());
    assertTrue(s.training().environment() instanceof AndroidTrainingEnvironment);
    assertSame("training saves into the same store", s.heads(),
        s.training().environment().heads());

    AppServices next = services();
    app.setServices(next);
    assertNotSame("a new process builds its own", s.training(), next.training());
    assertNotSame(s.backbones(), next.backbones());
    s.close();
    next.close();
  }

  @Test
  public void aHeadSourceSetOnTheBuilderWins() {
    HeadSource given = dim -> null;
    AppServices s = AppServices.builder().setRunnerFactory(HostSignatureRunner.factory())
        .setBackbone(NONE).optHeadSource(given).build();
    ((SnapTuneApplication) ApplicationProvider.getApplicationContext()).setServices(s);
    assertSame(given, s.headSource());
  }
}
