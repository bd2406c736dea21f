package org.snaptune.image;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.snaptune.testing.Expect.misuse;
import static org.snaptune.testing.Expect.refused;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.Test;

public class ImagePreprocessorTest {

  /** MobileNetV2 1.0 224 quant: scale 1/128, zero 128, so mean = std = 128. */
  private static final InputSpec MOBILENET_V2_QUANT =
      InputSpec.uint8(224, 224, 128f, 128f, 1f / 128, 128);

  @Test
  public void quantizesEveryChannelThroughTheSpec() {
    // A spec where quantization is not the identity: q = round(((p - 10) / 2) / 0.5 + 3) = p - 7.
    InputSpec spec = InputSpec.uint8(6, 4, 10f, 2f, 0.5f, 3);
    ReferenceImages.Frame f = ReferenceImages.randomFrame(new Random(3), 13, 9).layout(2, 2);
    ImagePreprocessor pre = new ImagePreprocessor(spec);
    ByteBuffer out = ByteBuffer.allocate(spec.byteSize() + 5);
    out.position(5);
    pre.fromYuv(f.toFrame(), 90, out);
    assertEquals("position advances by the image size", 5 + spec.byteSize(), out.position());

    byte[] rgb = new byte[6 * 4 * 3];
    new RgbResampler(6, 4).resample(f.toFrame(), 90, rgb);
    for (int k = 0; k < rgb.length; k++) {
      int p = rgb[k] & 0xff;
      int expected = Math.max(0, p - 7);
      assertEquals("element " + k + " from channel value " + p, expected, out.get(5 + k) & 0xff);
    }
  }

  @Test
  public void mobileNetV2QuantInputIsTheRgbItself() {
    ImagePreprocessor pre = new ImagePreprocessor(MOBILENET_V2_QUANT);
    int[] argb = new int[300 * 200];
    Random random = new Random(11);
    for (int p = 0; p < argb.length; p++) {
      argb[p] = random.nextInt();
    }
    ByteBuffer out = ByteBuffer.allocateDirect(MOBILENET_V2_QUANT.byteSize());
    pre.fromArgb(argb, 300, 200, out);
    int[][][] expected = ReferenceImages.expectedFromArgb(argb, 300, 200, 0, 224, 224);
    byte[] actual = new byte[MOBILENET_V2_QUANT.byteSize()];
    out.flip();
    out.get(actual);
    RgbResamplerTest.assertClose("mobilenet input", expected, actual, 224, 1);
  }

  @Test
  public void normalizesFloatInputsInTheBuffersByteOrder() {
    InputSpec spec = InputSpec.float32(3, 3, 127.5f, 127.5f);
    // Uniform grey 200 (Y=200, no chroma) becomes (200 - 127.5) / 127.5 everywhere.
    ReferenceImages.Frame f = new ReferenceImages.Frame(4, 4);
    RgbResamplerTest.paint(f, 0, 0, 4, 4, new int[] {200, 128, 128});
    ImagePreprocessor pre = new ImagePreprocessor(spec);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      ByteBuffer out = ByteBuffer.allocateDirect(spec.byteSize()).order(order);
      pre.fromYuv(f.layout(1, 0).toFrame(), 270, out);
      assertEquals(spec.byteSize(), out.position());
      for (int k = 0; k < 27; k++) {
        assertEquals(order + " element " + k, (200 - 127.5f) / 127.5f, out.getFloat(4 * k), 1e-6f);
      }
    }
  }

  @Test
  public void lastImageIsAvailableAsArgbForThumbnails() {
    InputSpec spec = InputSpec.uint8(2, 2, 0f, 1f, 1f, 0);
    ImagePreprocessor pre = new ImagePreprocessor(spec);
    int[] thumb = new int[4];
    misuse("no image converted yet", () -> pre.copyLastRgbAsArgb(thumb));
    int[] argb = {0x11223344, 0xff010203, 0x00aabbcc, 0x80405060};
    pre.fromArgb(argb, 2, 2, ByteBuffer.allocate(spec.byteSize()));
    pre.copyLastRgbAsArgb(thumb);
    assertEquals(0xff223344, thumb[0]);
    assertEquals(0xff010203, thumb[1]);
    assertEquals(0xffaabbcc, thumb[2]);
    assertEquals(0xff405060, thumb[3]);
  }

  @Test
  public void badOutputBuffersAreRejected() {
    ImagePreprocessor pre = new ImagePreprocessor(MOBILENET_V2_QUANT);
    int[] argb = new int[16];
    refused("has 100 bytes left, the input 224x224x3 UINT8",
        () -> pre.fromArgb(argb, 4, 4, ByteBuffer.allocate(100)));
    refused("read-only", () -> pre.fromArgb(argb, 4, 4,
        ByteBuffer.allocate(MOBILENET_V2_QUANT.byteSize()).asReadOnlyBuffer()));
    refused("output buffer is null", () -> pre.fromArgb(argb, 4, 4, null));
    refused("input spec is null", () -> new ImagePreprocessor(null));
  }

  @Test
  public void steadyStateConversionAllocatesNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean)) {
      return; // this JVM cannot count allocations; the other tests still cover correctness
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    ImagePreprocessor pre = new ImagePreprocessor(MOBILENET_V2_QUANT);
    Yuv420Frame frame = ReferenceImages.randomFrame(new Random(5), 640, 480).layout(2, 0)
        .toFrame();
    ByteBuffer out = ByteBuffer.allocateDirect(MOBILENET_V2_QUANT.byteSize());
    ImagePreprocessor floats = new ImagePreprocessor(InputSpec.float32(224, 224, 127.5f, 127.5f));
    ByteBuffer floatOut = ByteBuffer.allocateDirect(224 * 224 * 12).order(ByteOrder.nativeOrder());
    for (int warm = 0; warm < 3; warm++) {
      out.clear();
      pre.fromYuv(frame, 90, out);
      floatOut.clear();
      floats.fromYuv(frame, 90, floatOut);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int k = 0; k < 20; k++) {
      out.clear();
      pre.fromYuv(frame, 90, out);
      floatOut.clear();
      floats.fromYuv(frame, 90, floatOut);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // One 224x224 RGB image is 150 KB; 40 conversions allocating per frame would show megabytes.
    // The allowance covers the bean's own bookkeeping.
    assertTrue("40 conversions allocated " + allocated + " bytes", allocated < 4096);
  }
}
