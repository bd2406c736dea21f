package org.snaptune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.Executor;
import org.junit.Test;
import org.snaptune.models.ModelSource;
import org.snaptune.runtime.SignatureRunnerFactory;

/** Plain JUnit: the container's builder validates what screens rely on. */
public class AppServicesTest {

  private final SignatureRunnerFactory factory = (model, threads) -> {
    throw new IllegalArgumentException("unused");
  };
  private final ModelSource none = ModelSource.absent("none");

  @Test
  public void buildKeepsWhatWasSet() {
    Executor direct = Runnable::run;
    AppServices s = AppServices.builder().setRunnerFactory(factory).setBackbone(none)
        .optBackgroundExecutor(direct).optNumThreads(3).build();
    assertSame(factory, s.runnerFactory());
    assertSame(none, s.backbone());
    assertSame(direct, s.background());
    assertEquals(3, s.numThreads());
  }

  @Test
  public void missingRunnerFactoryIsNamed() {
    try {
      AppServices.builder().setBackbone(none).build();
      fail("expected IllegalArgumentException");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("setRunnerFactory"));
    }
  }

  @Test
  public void missingBackboneIsNamed() {
    try {
      AppServices.builder().setRunnerFactory(factory).build();
      fail("expected IllegalArgumentException");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("setBackbone"));
    }
  }

  @Test
  public void nonPositiveThreadCountIsRejected() {
    try {
      AppServices.builder().setRunnerFactory(factory).setBackbone(none).optNumThreads(0).build();
      fail("expected IllegalArgumentException");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(">= 1"));
    }
  }
}
