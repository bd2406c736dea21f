package org.snaptune.host;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;
import org.junit.Test;
import org.snaptune.model.SyntheticBackbone;

public class HostInterpreterTest {

  @Test
  public void runsAFloatModelAndReportsItsTensors() {
    SyntheticBackbone sb = new SyntheticBackbone().softmax(true);
    try (HostInterpreter h = HostInterpreter.open(sb.build(), 1)) {
      assertEquals(1, h.inputCount());
      assertEquals(1, h.outputCount());
      HostInterpreterTensor in = h.inputInfo(0);
      assertEquals("input", in.name());
      assertEquals("FLOAT32", in.type());
      assertArrayEquals(new int[] {1, 8, 8, 3}, in.shape());
      float[] x = new float[8 * 8 * 3];
      Random rnd = new Random(3);
      for (int i = 0; i < x.length; i++) {
        x[i] = rnd.nextFloat() * 2 - 1;
      }
      h.setInput(0, x);
      h.run();
      float[] p = h.outputFloats(0);
      assertEquals(5, p.length);
      float sum = 0;
      for (float v : p) {
        assertTrue(v > 0 && v < 1);
        sum += v;
      }
      assertEquals("softmax output", 1f, sum, 1e-5f);
    }
  }

  @Test
  public void runsAQuantizedModelWithRawBytesAndDequantizes() {
    try (HostInterpreter h =
        HostInterpreter.open(new SyntheticBackbone().quantized(true).build(), 1)) {
      HostInterpreterTensor in = h.inputInfo(0);
      assertEquals("UINT8", in.type());
      assertEquals(1 / 128f, in.scale(), 0f);
      assertEquals(128, in.zeroPoint());
      byte[] img = new byte[8 * 8 * 3];
      new Random(5).nextBytes(img);
      h.setInput(0, img);
      h.run();
      HostInterpreterTensor out = h.outputInfo(0);
      assertEquals(1 / 256f, out.scale(), 0f);
      byte[] raw = h.outputBytes(0);
      float[] p = h.outputFloats(0);
      for (int i = 0; i < raw.length; i++) {
        assertEquals((raw[i] & 0xFF) / 256f, p[i], 0f);
      }
    }
  }

  @Test
  public void badCallsAreIllegalArgumentsAndCloseIsIdempotent() {
    HostInterpreter h = HostInterpreter.open(new SyntheticBackbone().build(), 1);
    try {
      h.setInput(0, new float[3]);
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("needs 192 floats, got 3"));
    }
    try {
      h.setInput(1, new byte[4]);
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("has 1 input"));
    }
    try {
      h.resizeInput(0, new int[] {1, 0, 8, 3});
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(">= 1"));
    }
    h.close();
    h.close();
    try {
      h.run();
      fail();
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage().contains("closed"));
    }
    try {
      HostInterpreter.open(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1);
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("TFL3"));
    }
  }

  @Test
  public void resizesTheBatchDimension() {
    try (HostInterpreter h = HostInterpreter.open(
        new SyntheticBackbone().pooling(SyntheticBackbone.Pooling.MEAN).build(), 1)) {
      // MEAN pools any spatial size, so a larger image still yields 5 class scores.
      h.resizeInput(0, new int[] {1, 16, 16, 3});
      assertArrayEquals(new int[] {1, 16, 16, 3}, h.inputInfo(0).shape());
      assertEquals(16 * 16 * 3 * 4, h.inputInfo(0).byteSize());
      h.setInput(0, new float[16 * 16 * 3]);
      h.run();
      assertEquals(5, h.outputFloats(0).length);
    }
  }
}
