package org.snaptune.vision;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.BackboneInfo;
import org.snaptune.model.SyntheticBackbone;
import org.snaptune.settings.Delegate;

public class BackboneRunnerChecksTest {

  private final byte[] model = BackboneAdapter.adapt(new SyntheticBackbone().build()).model();
  private final BackboneInfo info = BackboneAdapter.adapt(new SyntheticBackbone().build()).info();

  @Test
  public void openAcceptsValidArgumentsAndRejectsTheRest() {
    BackboneRunnerChecks.checkOpen(model, info, Delegate.AUTO, 1);
    BackboneRunnerChecks.checkOpen(model, info, Delegate.GPU, 16);
    assertRejected(() -> BackboneRunnerChecks.checkOpen(null, info, Delegate.CPU, 1), "required");
    assertRejected(() -> BackboneRunnerChecks.checkOpen(model, null, Delegate.CPU, 1), "required");
    assertRejected(() -> BackboneRunnerChecks.checkOpen(model, info, null, 1), "required");
    assertRejected(() -> BackboneRunnerChecks.checkOpen(model, info, Delegate.CPU, 0),
        "threads must be 1 to 16, got 0");
    assertRejected(() -> BackboneRunnerChecks.checkOpen(model, info, Delegate.CPU, 17),
        "threads must be 1 to 16, got 17");
    assertRejected(() -> BackboneRunnerChecks.checkOpen(new byte[] {1, 2, 3}, info,
        Delegate.CPU, 1), "");
  }

  @Test
  public void runNeedsArraysOfTheBackbonesSizes() {
    float[] logits = new float[info.logitsSize()];
    float[] embedding = new float[info.embeddingSize()];
    BackboneRunnerChecks.checkRun(info, logits, embedding);
    String needs = "run needs " + info.logitsSize() + " logits and " + info.embeddingSize()
        + " embedding values";
    assertRejected(() -> BackboneRunnerChecks.checkRun(info, null, embedding), needs);
    assertRejected(() -> BackboneRunnerChecks.checkRun(info, logits, null), needs);
    assertRejected(() -> BackboneRunnerChecks.checkRun(info, embedding, logits), needs);
  }

  private static void assertRejected(Runnable call, String messagePart) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(messagePart));
      return;
    }
    fail("accepted invalid arguments");
  }
}
