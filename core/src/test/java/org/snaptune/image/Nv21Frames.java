package org.snaptune.image;

import java.util.Arrays;

/**
 * Test fixture shared by host and app tests (core's test-jar): encodes ARGB pixels as the NV21
 * YUV_420_888 frame a camera would deliver, so tests can feed known pictures through the real
 * preprocessing. The device tests keep their own copy because the instrumentation APK does not
 * package core's test-jar.
 */
public final class Nv21Frames {

  private Nv21Frames() {}

  /** Full-range BT.601 RGB → NV21 planes as Android slices them (V and U one byte apart). */
  public static Yuv420Frame fromArgb(int[] argb, int w, int h) {
    byte[] y = new byte[w * h];
    byte[] vu = new byte[w * h / 2];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int p = argb[r * w + c];
        int red = (p >> 16) & 0xff;
        int green = (p >> 8) & 0xff;
        int blue = p & 0xff;
        y[r * w + c] = (byte) clamp(0.299 * red + 0.587 * green + 0.114 * blue);
        if (r % 2 == 0 && c % 2 == 0) {
          vu[(r / 2) * w + c] = (byte) clamp(128 + 0.5 * red - 0.418688 * green - 0.081312 * blue);
          vu[(r / 2) * w + c + 1] =
              (byte) clamp(128 - 0.168736 * red - 0.331264 * green + 0.5 * blue);
        }
      }
    }
    return new Yuv420Frame().set(y, w, Arrays.copyOfRange(vu, 1, vu.length),
        Arrays.copyOfRange(vu, 0, vu.length - 1), w, 2, w, h);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
