package org.snaptune.host;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;
import org.snaptune.runtime.SignatureRunner;

/** The host runner's contract: names, validation before native code, resizing, closing, bad bytes. */
public class HostSignatureRunnerTest {

  private static final HeadSpec SPEC = HeadSpec.builder().setEmbeddingSize(4).setNumClasses(3)
      .setBatchSize(2).optHiddenLayers(5).build();
  private static final byte[] MODEL = HeadCompiler.compile(SPEC);
  private static final Map<String, float[]> NONE = new LinkedHashMap<>();

  @Test
  public void exposesTheContractNames() {
    try (SignatureRunner r = HostSignatureRunner.factory().open(MODEL, 2)) {
      assertEquals(Arrays.asList("infer", "gradients", "apply", "train", "get_weights",
          "set_weights"), r.signatureKeys());
      assertEquals(Arrays.asList("x"), r.inputNames("infer"));
      // File order, not the runtime's sorted order.
      assertEquals(Arrays.asList("probabilities", "logits"), r.outputNames("infer"));
      assertEquals(Arrays.asList("x", "y", "w"), r.inputNames("gradients"));
      assertEquals(Arrays.asList("loss", "grad_kernel_0", "grad_bias_0", "grad_kernel_1",
          "grad_bias_1"), r.outputNames("gradients"));
      assertEquals(Arrays.asList("grad_kernel_0", "grad_bias_0", "grad_kernel_1",
          "grad_bias_1", "lr"), r.inputNames("apply"));
      assertEquals(Arrays.asList("step"), r.outputNames("apply"));
      assertEquals(Arrays.asList("x", "y", "w", "lr"), r.inputNames("train"));
      assertEquals(Arrays.asList("loss"), r.outputNames("train"));
      assertEquals(SPEC.allVariables(), r.outputNames("get_weights"));
      assertEquals(SPEC.allVariables(), r.inputNames("set_weights"));
      assertEquals(Arrays.asList("step"), r.outputNames("set_weights"));
      assertArrayEquals(new int[] {1, 4}, r.inputShape("infer", "x"));
      assertArrayEquals(new int[] {2, 3}, r.inputShape("gradients", "y"));
      assertArrayEquals(new int[] {2}, r.inputShape("gradients", "w"));
      assertArrayEquals(new int[0], r.inputShape("apply", "lr"));
      assertArrayEquals(new int[] {4, 5}, r.inputShape("apply", "grad_kernel_0"));
    }
  }

  @Test
  public void badNamesAndSizesAreRejectedWithTheValidOnes() {
    try (HostSignatureRunner r = HostSignatureRunner.open(MODEL, 1)) {
      expectIae(() -> r.run("fit", NONE), "unknown signature 'fit'", "infer");
      expectIae(() -> r.inputNames("nope"), "unknown signature 'nope'", "get_weights");
      expectIae(() -> r.run("infer", one("input", new float[4])), "no input 'input'", "[x]");
      expectIae(() -> r.run("infer", one("x", new float[5])), "needs 4 floats", "[1, 4]");
      expectIae(() -> r.run("infer", null), "must not be null", "[x]");
      Map<String, float[]> partial = one("x", new float[8]);
      partial.put("y", new float[6]);
      expectIae(() -> r.run("gradients", partial), "needs input 'w'", "[x, y, w]");
      expectIae(() -> r.inputShape("infer", "y"), "no input 'y'", "[x]");
      // Only the batch of infer may change: gradients' batch is compiled in.
      expectIae(() -> r.resizeInput("gradients", "x", new int[] {3, 4}), "cannot resize",
          "[2, 4]");
      expectIae(() -> r.resizeInput("infer", "x", new int[] {3, 5}), "cannot resize", "[-1, 4]");
      expectIae(() -> r.resizeInput("infer", "x", new int[] {0, 4}), "cannot resize", ">= 1");
      expectIae(() -> r.resizeInput("infer", "x", new int[] {3}), "rank 2", "[-1, 4]");
      // The runner is still usable after rejected calls.
      r.resizeInput("infer", "x", new int[] {3, 4});
      assertArrayEquals(new int[] {3, 4}, r.inputShape("infer", "x"));
      assertEquals(9, r.run("infer", one("x", new float[12])).get("logits").length);
    }
  }

  @Test
  public void closeIsIdempotentAndLaterCallsFail() {
    HostSignatureRunner r = HostSignatureRunner.open(MODEL, 1);
    r.close();
    r.close();
    try {
      r.run("infer", one("x", new float[4]));
      fail("run after close");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("closed"));
    }
    try {
      r.signatureKeys();
      fail("signatureKeys after close");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage().contains("closed"));
    }
  }

  @Test
  public void rejectsBytesThatAreNotAModel() {
    expectIae(() -> HostSignatureRunner.open(null, 1), "null", "");
    expectIae(() -> HostSignatureRunner.open(new byte[0], 1), "0 bytes", "");
    expectIae(() -> HostSignatureRunner.open(MODEL, 0), "numThreads", ">= 1");
    byte[] jpeg = new byte[64];
    jpeg[0] = (byte) 0xff;
    jpeg[1] = (byte) 0xd8;
    expectIae(() -> HostSignatureRunner.open(jpeg, 1), "TFL3", "");
    for (int len : new int[] {8, 16, 100, MODEL.length / 2, MODEL.length - 40}) {
      byte[] truncated = Arrays.copyOf(MODEL, len);
      expectIae(() -> HostSignatureRunner.open(truncated, 1), "", "");
    }
  }

  /**
   * Hostile bytes: random corruption of a valid model must end in IllegalArgumentException or a
   * working runner, never a native crash (which would kill this JVM).
   */
  @Test
  public void corruptedModelsFailCleanly() {
    Random random = new Random(17);
    int rejected = 0;
    for (int trial = 0; trial < 300; trial++) {
      byte[] bytes = MODEL.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        // Most of the file is weights; aim at the structure (tables sit before the big buffers
        // and at the end) half of the time.
        int at = random.nextBoolean() ? random.nextInt(bytes.length)
            : bytes.length - 1 - random.nextInt(Math.min(bytes.length, 4096));
        bytes[at] = (byte) random.nextInt(256);
      }
      try (HostSignatureRunner r = HostSignatureRunner.open(bytes, 1)) {
        assertTrue(r.signatureKeys().size() <= 6);
      } catch (IllegalArgumentException expected) {
        rejected++;
      }
    }
    assertTrue("some corruptions should be caught, got " + rejected, rejected > 0);
  }

  private static Map<String, float[]> one(String name, float[] values) {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put(name, values);
    return m;
  }

  private static void expectIae(Runnable call, String mentions, String alsoMentions) {
    try {
      call.run();
      fail("expected IllegalArgumentException mentioning '" + mentions + "'");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(mentions));
      assertTrue(e.getMessage(), e.getMessage().contains(alsoMentions));
    }
  }
}
