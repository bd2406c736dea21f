package org.snaptune.host;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;
import org.snaptune.model.SyntheticBackbone;

/**
 * Corrupted model bytes reach the native runtime only after the Java verifier; whatever passes it
 * must load and run without crashing the JVM (a crash fails this whole test run). Failures must
 * be IllegalArgumentException (rejected) or IllegalStateException (the runtime refused to run).
 */
public class HostInterpreterHostileInputTest {

  private static int[] fuzz(byte[] good, long seed, int rounds) {
    Random rnd = new Random(seed);
    int rejected = 0;
    int ran = 0;
    for (int i = 0; i < rounds; i++) {
      byte[] b = good.clone();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
      }
      try (HostInterpreter h = HostInterpreter.open(b, 1)) {
        byte[] input = new byte[(int) h.inputInfo(0).byteSize()];
        rnd.nextBytes(input);
        h.setInput(0, input);
        h.run();
        for (int o = 0; o < h.outputCount(); o++) {
          h.outputBytes(o);
        }
        ran++;
      } catch (IllegalArgumentException | IllegalStateException e) {
        rejected++;
      }
    }
    return new int[] {rejected, ran};
  }

  @Test
  public void bitFlippedFloatModelsNeverCrashTheRuntime() {
    int[] r = fuzz(new SyntheticBackbone().build(), 4, 1500);
    assertTrue(Arrays.toString(r), r[0] > 300 && r[1] > 300);
  }

  @Test
  public void bitFlippedQuantizedModelsNeverCrashTheRuntime() {
    int[] r = fuzz(new SyntheticBackbone().quantized(true)
        .classifier(SyntheticBackbone.Classifier.FULLY_CONNECTED).build(), 2, 1500);
    assertTrue(Arrays.toString(r), r[0] > 300 && r[1] > 100);
  }

  @Test
  public void truncatedAndRandomBytesAreRejectedBeforeNativeCode() {
    byte[] good = new SyntheticBackbone().build();
    for (int n = 0; n < good.length; n += 7) {
      try {
        HostInterpreter.open(Arrays.copyOf(good, n), 1).close();
        fail("opened a model truncated to " + n + " bytes");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("invalid .tflite"));
      }
    }
    Random rnd = new Random(9);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[rnd.nextInt(4096)];
      rnd.nextBytes(b);
      try {
        HostInterpreter.open(b, 1).close();
        fail("opened random bytes");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage().contains("invalid .tflite"));
      }
    }
  }
}
