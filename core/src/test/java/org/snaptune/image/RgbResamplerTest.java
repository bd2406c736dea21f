package org.snaptune.image;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.snaptune.testing.Expect.misuse;
import static org.snaptune.testing.Expect.refused;

import java.util.Random;
import org.junit.Test;

public class RgbResamplerTest {

  private static final int[] ROTATIONS = {0, 90, 180, 270};

  // Full-range BT.601 colours, worked out by hand from the formulas in RgbResampler's Javadoc.
  // red: Y=76 U=85 V=255 -> R=76+1.402*127=254.05, G=76+0.344136*43-0.714136*127=0.10, B=-0.2
  private static final int[] RED_YUV = {76, 85, 255};
  private static final int[] RED_RGB = {254, 0, 0};
  // green: Y=150 U=44 V=21 -> R=150-150.01=-0.01, G=150+28.91+76.41=255.32, B=150-148.85=1.15
  private static final int[] GREEN_YUV = {150, 44, 21};
  private static final int[] GREEN_RGB = {0, 255, 1};
  // blue: Y=29 U=255 V=107 -> R=29-29.44=-0.44, G=29-43.71+15.0=0.29, B=29+225.04=254.04
  private static final int[] BLUE_YUV = {29, 255, 107};
  private static final int[] BLUE_RGB = {0, 0, 254};
  // grey: Y=200 U=V=128 -> 200, 200, 200
  private static final int[] GREY_YUV = {200, 128, 128};
  private static final int[] GREY_RGB = {200, 200, 200};

  @Test
  public void uniformColoursConvertExactlyInEveryLayoutAndRotation() {
    int[][] yuv = {RED_YUV, GREEN_YUV, BLUE_YUV, GREY_YUV};
    int[][] rgb = {RED_RGB, GREEN_RGB, BLUE_RGB, GREY_RGB};
    RgbResampler resampler = new RgbResampler(5, 3);
    byte[] out = new byte[resampler.rgbSize()];
    for (int k = 0; k < yuv.length; k++) {
      ReferenceImages.Frame f = new ReferenceImages.Frame(8, 6);
      paint(f, 0, 0, 8, 6, yuv[k]);
      for (int pixelStride = 1; pixelStride <= 2; pixelStride++) {
        for (int rotation : ROTATIONS) {
          resampler.resample(f.layout(pixelStride, 3).toFrame(), rotation, out);
          for (int p = 0; p < 15; p++) {
            assertEquals("colour " + k + " channel R", rgb[k][0], out[3 * p] & 0xff);
            assertEquals("colour " + k + " channel G", rgb[k][1], out[3 * p + 1] & 0xff);
            assertEquals("colour " + k + " channel B", rgb[k][2], out[3 * p + 2] & 0xff);
          }
        }
      }
    }
  }

  @Test
  public void quadrantsLandInTheRightCornersAfterRotation() {
    // 8x8 frame: top-left red, top-right green, bottom-left blue, bottom-right grey.
    ReferenceImages.Frame f = new ReferenceImages.Frame(8, 8);
    paint(f, 0, 0, 4, 4, RED_YUV);
    paint(f, 4, 0, 8, 4, GREEN_YUV);
    paint(f, 0, 4, 4, 8, BLUE_YUV);
    paint(f, 4, 4, 8, 8, GREY_YUV);
    // Corners of the output (TL, TR, BL, BR) after a clockwise turn of the frame.
    int[][][] expected = {
        {RED_RGB, GREEN_RGB, BLUE_RGB, GREY_RGB},   // 0
        {BLUE_RGB, RED_RGB, GREY_RGB, GREEN_RGB},   // 90: the left column becomes the top row
        {GREY_RGB, BLUE_RGB, GREEN_RGB, RED_RGB},   // 180
        {GREEN_RGB, GREY_RGB, RED_RGB, BLUE_RGB},   // 270
    };
    RgbResampler resampler = new RgbResampler(4, 4);
    byte[] out = new byte[resampler.rgbSize()];
    for (int pixelStride = 1; pixelStride <= 2; pixelStride++) {
      for (int r = 0; r < 4; r++) {
        resampler.resample(f.layout(pixelStride, 0).toFrame(), ROTATIONS[r], out);
        String at = "rotation " + ROTATIONS[r] + " pixelStride " + pixelStride;
        assertArrayEquals(at + " top-left", expected[r][0], pixel(out, 4, 0, 0));
        assertArrayEquals(at + " top-right", expected[r][1], pixel(out, 4, 3, 0));
        assertArrayEquals(at + " bottom-left", expected[r][2], pixel(out, 4, 0, 3));
        assertArrayEquals(at + " bottom-right", expected[r][3], pixel(out, 4, 3, 3));
      }
    }
  }

  @Test
  public void centreCropKeepsTheMiddleOfAWideFrame() {
    // 12x4 frame: 4 columns red, 4 grey, 4 blue; a square output sees only the grey middle.
    ReferenceImages.Frame f = new ReferenceImages.Frame(12, 4);
    paint(f, 0, 0, 4, 4, RED_YUV);
    paint(f, 4, 0, 8, 4, GREY_YUV);
    paint(f, 8, 0, 12, 4, BLUE_YUV);
    RgbResampler resampler = new RgbResampler(2, 2);
    byte[] out = new byte[resampler.rgbSize()];
    resampler.resample(f.layout(2, 1).toFrame(), 0, out);
    for (int p = 0; p < 4; p++) {
      assertArrayEquals("pixel " + p, GREY_RGB, pixel(out, 2, p % 2, p / 2));
    }
    // Rotated by 90 the frame is 4 wide and 12 tall: a 2x1 output keeps the middle rows, grey.
    RgbResampler wide = new RgbResampler(2, 1);
    byte[] wideOut = new byte[wide.rgbSize()];
    wide.resample(f.toFrame(), 90, wideOut);
    assertArrayEquals(GREY_RGB, pixel(wideOut, 2, 0, 0));
    assertArrayEquals(GREY_RGB, pixel(wideOut, 2, 1, 0));
  }

  @Test
  public void randomFramesMatchTheNaiveReference() {
    Random random = new Random(42);
    int[][] sizes = {{640, 480, 224, 224}, {7, 5, 4, 3}, {5, 9, 3, 3}, {6, 4, 9, 7},
        {1, 1, 2, 2}, {33, 17, 16, 24}};
    for (int[] s : sizes) {
      ReferenceImages.Frame f = ReferenceImages.randomFrame(random, s[0], s[1]);
      RgbResampler resampler = new RgbResampler(s[2], s[3]);
      byte[] out = new byte[resampler.rgbSize()];
      for (int pixelStride = 1; pixelStride <= 2; pixelStride++) {
        Yuv420Frame frame = f.layout(pixelStride, pixelStride == 1 ? 0 : 5).toFrame();
        for (int rotation : ROTATIONS) {
          resampler.resample(frame, rotation, out);
          int[][][] expected = ReferenceImages.expectedFromYuv(f, rotation, s[2], s[3]);
          // Off by at most one level: fixed-point weights and coefficients versus doubles.
          assertClose(s[0] + "x" + s[1] + " -> " + s[2] + "x" + s[3] + " rot " + rotation
              + " ps " + pixelStride, expected, out, s[2], 1);
        }
      }
    }
  }

  @Test
  public void argbMatchesTheNaiveReferenceAndIgnoresAlpha() {
    Random random = new Random(7);
    int[][] sizes = {{40, 30, 16, 16}, {3, 5, 4, 4}, {1000, 10, 8, 2}};
    for (int[] s : sizes) {
      int[] argb = new int[s[0] * s[1]];
      for (int p = 0; p < argb.length; p++) {
        argb[p] = random.nextInt();
      }
      RgbResampler resampler = new RgbResampler(s[2], s[3]);
      byte[] out = new byte[resampler.rgbSize()];
      for (int rotation : ROTATIONS) {
        resampler.resample(argb, s[0], s[1], rotation, out);
        assertClose("argb rot " + rotation, ReferenceImages.expectedFromArgb(argb, s[0], s[1],
            rotation, s[2], s[3]), out, s[2], 1);
      }
    }
  }

  @Test
  public void rgbToArgbPacksOpaquePixels() {
    int[] argb = new int[2];
    RgbResampler.rgbToArgb(new byte[] {(byte) 255, 0, 1, 2, 3, (byte) 128}, 2, argb);
    assertEquals(0xffff0001, argb[0]);
    assertEquals(0xff020380, argb[1]);
  }

  @Test
  public void badArgumentsAreRejectedWithTheReason() {
    RgbResampler resampler = new RgbResampler(4, 4);
    byte[] out = new byte[resampler.rgbSize()];
    Yuv420Frame frame = ReferenceImages.randomFrame(new Random(1), 8, 8).layout(1, 0).toFrame();
    refused("multiple of 90", () -> resampler.resample(frame, 45, out));
    refused("rgbOut must hold 48", () -> resampler.resample(frame, 0, new byte[47]));
    refused("needs 64", () -> resampler.resample(new int[63], 8, 8, 0, out));
    refused("at least 1x1", () -> new RgbResampler(0, 3));
    misuse("call set", () -> resampler.resample(new Yuv420Frame(), 0, out));
    refused("Y plane holds 10", () -> new Yuv420Frame().set(new byte[10], 4, new byte[4],
        new byte[4], 2, 1, 4, 4));
    refused("pixel stride must be 1", () -> new Yuv420Frame().set(new byte[16], 4,
        new byte[12], new byte[12], 6, 3, 4, 4));
    refused("U plane holds 2", () -> new Yuv420Frame().set(new byte[16], 4, new byte[2],
        new byte[4], 2, 1, 4, 4));
    refused("row stride 3 is smaller", () -> new Yuv420Frame().set(new byte[16], 3,
        new byte[4], new byte[4], 2, 1, 4, 4));
    // -90 and 450 are fine: they are the same quarter turns as 270 and 90.
    resampler.resample(frame, -90, out);
    resampler.resample(frame, 450, out);
  }

  static void paint(ReferenceImages.Frame f, int x0, int y0, int x1, int y1, int[] yuv) {
    for (int r = y0; r < y1; r++) {
      for (int c = x0; c < x1; c++) {
        f.y[r][c] = yuv[0];
        f.u[r / 2][c / 2] = yuv[1];
        f.v[r / 2][c / 2] = yuv[2];
      }
    }
  }

  static int[] pixel(byte[] rgb, int width, int x, int y) {
    int o = 3 * (y * width + x);
    return new int[] {rgb[o] & 0xff, rgb[o + 1] & 0xff, rgb[o + 2] & 0xff};
  }

  static void assertClose(String what, int[][][] expected, byte[] actual, int width,
      int tolerance) {
    int worst = 0;
    for (int r = 0; r < expected.length; r++) {
      for (int c = 0; c < width; c++) {
        for (int k = 0; k < 3; k++) {
          int diff = Math.abs(expected[r][c][k] - (actual[3 * (r * width + c) + k] & 0xff));
          if (diff > tolerance) {
            fail(what + ": pixel (" + c + "," + r + ") channel " + k + " expected "
                + expected[r][c][k] + " got " + (actual[3 * (r * width + c) + k] & 0xff));
          }
          worst = Math.max(worst, diff);
        }
      }
    }
    assertTrue(worst <= tolerance);
  }
}
