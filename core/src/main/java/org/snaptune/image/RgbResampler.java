package org.snaptune.image;

/**
 * Turns a camera frame or an ARGB picture into an upright, centre-cropped RGB image of a fixed size
 * in one pass: rotation, crop and bilinear resize are folded into per-column and per-row lookup
 * tables, so only the source pixels the output needs are read.
 *
 * <p>Geometry: the source is first rotated clockwise by {@code rotationDegrees} (Android's sensor
 * orientation: the rotation that makes the frame upright), then the largest centred region with the
 * output's aspect ratio is cropped and resized with bilinear interpolation using half-pixel centres
 * (TensorFlow's {@code half_pixel_centers}), clamped at the edges.
 *
 * <p>Colour: YUV frames are interpolated in YUV (chroma upsampled by nearest neighbour) and then
 * converted with full-range BT.601 (JFIF), which is what Android cameras deliver:
 * {@code R = Y + 1.402 (V-128)}, {@code G = Y - 0.344136 (U-128) - 0.714136 (V-128)},
 * {@code B = Y + 1.772 (U-128)}. ARGB alpha is ignored (pixels are treated as opaque).
 *
 * <p>The tables are rebuilt only when the source size, strides or rotation change, so steady-state
 * conversion allocates nothing. Not thread-safe: confine an instance to one thread (the camera's
 * background thread, say).
 */
public final class RgbResampler {

  /** Fixed-point precision of the interpolation weights: 8 bits, weights in [0, 256]. */
  private static final int WEIGHT_ONE = 256;

  private final int outWidth;
  private final int outHeight;

  // Tables: for every output column, two source offsets (luma/ARGB and chroma) and the weight of
  // the second tap; the same for every output row. Offsets of a column and a row add up to the
  // offset of the pixel, which holds for every rotation because each source axis depends on
  // exactly one output axis.
  private final int[] colMain0;
  private final int[] colMain1;
  private final int[] colChroma0;
  private final int[] colChroma1;
  private final int[] colWeight;
  private final int[] rowMain0;
  private final int[] rowMain1;
  private final int[] rowChroma0;
  private final int[] rowChroma1;
  private final int[] rowWeight;

  // What the tables were built for; -1 means not built.
  private int keyWidth = -1;
  private int keyHeight = -1;
  private int keyRotation = -1;
  private int keyMainStride = -1;
  private int keyChromaRowStride = -1;
  private int keyChromaPixelStride = -1;

  /**
   * @param outWidth output width in pixels, at least 1
   * @param outHeight output height in pixels, at least 1
   */
  public RgbResampler(int outWidth, int outHeight) {
    if (outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException(
          "output size must be at least 1x1, got " + outWidth + "x" + outHeight);
    }
    this.outWidth = outWidth;
    this.outHeight = outHeight;
    colMain0 = new int[outWidth];
    colMain1 = new int[outWidth];
    colChroma0 = new int[outWidth];
    colChroma1 = new int[outWidth];
    colWeight = new int[outWidth];
    rowMain0 = new int[outHeight];
    rowMain1 = new int[outHeight];
    rowChroma0 = new int[outHeight];
    rowChroma1 = new int[outHeight];
    rowWeight = new int[outHeight];
  }

  public int outWidth() { return outWidth; }
  public int outHeight() { return outHeight; }

  /** Bytes {@code rgbOut} needs: width × height × 3. */
  public int rgbSize() { return outWidth * outHeight * 3; }

  /**
   * Converts a YUV_420_888 frame into {@code rgbOut} (interleaved R, G, B bytes, row-major).
   *
   * @param rotationDegrees clockwise rotation making the frame upright: a multiple of 90
   * @throws IllegalArgumentException for a bad rotation or an {@code rgbOut} shorter than
   *     {@link #rgbSize()}
   */
  public void resample(Yuv420Frame frame, int rotationDegrees, byte[] rgbOut) {
    if (frame == null) {
      throw new IllegalArgumentException("frame is null");
    }
    frame.checkSet();
    checkOut(rgbOut);
    int rotation = normalizeRotation(rotationDegrees);
    prepare(frame.width(), frame.height(), rotation, frame.yRowStride(), frame.uvRowStride(),
        frame.uvPixelStride());
    byte[] yPlane = frame.yPlane();
    byte[] uPlane = frame.uPlane();
    byte[] vPlane = frame.vPlane();
    int o = 0;
    for (int j = 0; j < outHeight; j++) {
      int ry0 = rowMain0[j];
      int ry1 = rowMain1[j];
      int rc0 = rowChroma0[j];
      int rc1 = rowChroma1[j];
      int wr = rowWeight[j];
      int wr0 = WEIGHT_ONE - wr;
      for (int i = 0; i < outWidth; i++) {
        int wc = colWeight[i];
        int wc0 = WEIGHT_ONE - wc;
        int cy0 = colMain0[i];
        int cy1 = colMain1[i];
        int cc0 = colChroma0[i];
        int cc1 = colChroma1[i];
        // Each value below is the channel × 65536; rounding to ×256 keeps 8 fractional bits.
        int y = ((((yPlane[ry0 + cy0] & 0xff) * wc0 + (yPlane[ry0 + cy1] & 0xff) * wc) * wr0
            + ((yPlane[ry1 + cy0] & 0xff) * wc0 + (yPlane[ry1 + cy1] & 0xff) * wc) * wr) + 128) >> 8;
        int u = ((((uPlane[rc0 + cc0] & 0xff) * wc0 + (uPlane[rc0 + cc1] & 0xff) * wc) * wr0
            + ((uPlane[rc1 + cc0] & 0xff) * wc0 + (uPlane[rc1 + cc1] & 0xff) * wc) * wr) + 128) >> 8;
        int v = ((((vPlane[rc0 + cc0] & 0xff) * wc0 + (vPlane[rc0 + cc1] & 0xff) * wc) * wr0
            + ((vPlane[rc1 + cc0] & 0xff) * wc0 + (vPlane[rc1 + cc1] & 0xff) * wc) * wr) + 128) >> 8;
        yuvToRgb(y, u, v, rgbOut, o);
        o += 3;
      }
    }
  }

  /**
   * Converts {@code width × height} ARGB pixels (row-major, as {@code Bitmap.getPixels} gives them)
   * into {@code rgbOut}.
   *
   * @param rotationDegrees clockwise rotation making the picture upright (EXIF): a multiple of 90
   * @throws IllegalArgumentException for a bad size, rotation or buffer length
   */
  public void resample(int[] argb, int width, int height, int rotationDegrees, byte[] rgbOut) {
    if (argb == null) {
      throw new IllegalArgumentException("argb pixels are null");
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "picture size must be at least 1x1, got " + width + "x" + height);
    }
    if (argb.length < (long) width * height) {
      throw new IllegalArgumentException("argb holds " + argb.length + " pixels, a " + width + "x"
          + height + " picture needs " + (long) width * height);
    }
    checkOut(rgbOut);
    int rotation = normalizeRotation(rotationDegrees);
    // Chroma strides of 0 mark ARGB tables so a YUV frame of the same size rebuilds them.
    prepare(width, height, rotation, width, 0, 0);
    int o = 0;
    for (int j = 0; j < outHeight; j++) {
      int r0 = rowMain0[j];
      int r1 = rowMain1[j];
      int wr = rowWeight[j];
      int wr0 = WEIGHT_ONE - wr;
      for (int i = 0; i < outWidth; i++) {
        int wc = colWeight[i];
        int wc0 = WEIGHT_ONE - wc;
        int p00 = argb[r0 + colMain0[i]];
        int p01 = argb[r0 + colMain1[i]];
        int p10 = argb[r1 + colMain0[i]];
        int p11 = argb[r1 + colMain1[i]];
        for (int shift = 16, c = 0; c < 3; shift -= 8, c++) {
          int top = ((p00 >> shift) & 0xff) * wc0 + ((p01 >> shift) & 0xff) * wc;
          int bottom = ((p10 >> shift) & 0xff) * wc0 + ((p11 >> shift) & 0xff) * wc;
          rgbOut[o + c] = (byte) ((top * wr0 + bottom * wr + 32768) >> 16);
        }
        o += 3;
      }
    }
  }

  /**
   * Packs interleaved RGB bytes into opaque ARGB ints ({@code Bitmap.setPixels} order).
   *
   * @throws IllegalArgumentException if either array is too short for {@code pixels}
   */
  public static void rgbToArgb(byte[] rgb, int pixels, int[] argbOut) {
    if (rgb == null || argbOut == null || pixels < 0 || rgb.length < (long) pixels * 3
        || argbOut.length < pixels) {
      throw new IllegalArgumentException("rgbToArgb needs " + pixels * 3L + " rgb bytes and "
          + pixels + " argb ints, got " + (rgb == null ? "null" : rgb.length) + " and "
          + (argbOut == null ? "null" : argbOut.length));
    }
    for (int p = 0, o = 0; p < pixels; p++, o += 3) {
      argbOut[p] = 0xff000000 | (rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | (rgb[o + 2] & 0xff);
    }
  }

  /** Maps any multiple of 90 to 0, 90, 180 or 270. */
  static int normalizeRotation(int degrees) {
    if (degrees % 90 != 0) {
      throw new IllegalArgumentException(
          "rotation must be a multiple of 90 degrees (0, 90, 180, 270), got " + degrees);
    }
    return ((degrees % 360) + 360) % 360;
  }

  private void checkOut(byte[] rgbOut) {
    if (rgbOut == null || rgbOut.length < rgbSize()) {
      throw new IllegalArgumentException("rgbOut must hold " + rgbSize() + " bytes ("
          + outWidth + "x" + outHeight + "x3), got " + (rgbOut == null ? "null" : rgbOut.length));
    }
  }

  /** Full-range BT.601, inputs scaled by 256, coefficients by 1024: products stay below 2^31. */
  private static void yuvToRgb(int y256, int u256, int v256, byte[] out, int o) {
    int y = y256 << 10;
    int du = u256 - (128 << 8);
    int dv = v256 - (128 << 8);
    int r = (y + 1436 * dv + (1 << 17)) >> 18;
    int g = (y - 352 * du - 731 * dv + (1 << 17)) >> 18;
    int b = (y + 1815 * du + (1 << 17)) >> 18;
    out[o] = (byte) (r < 0 ? 0 : (r > 255 ? 255 : r));
    out[o + 1] = (byte) (g < 0 ? 0 : (g > 255 ? 255 : g));
    out[o + 2] = (byte) (b < 0 ? 0 : (b > 255 ? 255 : b));
  }

  private void prepare(int width, int height, int rotation, int mainStride, int chromaRowStride,
      int chromaPixelStride) {
    if (width == keyWidth && height == keyHeight && rotation == keyRotation
        && mainStride == keyMainStride && chromaRowStride == keyChromaRowStride
        && chromaPixelStride == keyChromaPixelStride) {
      return;
    }
    boolean swap = rotation == 90 || rotation == 270;
    int rotatedWidth = swap ? height : width;
    int rotatedHeight = swap ? width : height;
    // Largest centred crop with the output's aspect ratio, in rotated coordinates.
    double cropWidth = rotatedWidth;
    double cropHeight = rotatedHeight;
    if ((long) rotatedWidth * outHeight > (long) rotatedHeight * outWidth) {
      cropWidth = (double) rotatedHeight * outWidth / outHeight;
    } else {
      cropHeight = (double) rotatedWidth * outHeight / outWidth;
    }
    double offsetX = (rotatedWidth - cropWidth) / 2;
    double offsetY = (rotatedHeight - cropHeight) / 2;
    // Where a rotated axis lands in the source: which source axis, and whether mirrored.
    // 0: x->x, y->y; 90: x->mirrored y, y->x; 180: both mirrored; 270: x->y, y->mirrored x.
    boolean colIsSourceX = !swap;
    boolean colMirrored = rotation == 90 || rotation == 180;
    boolean rowMirrored = rotation == 180 || rotation == 270;
    fill(colMain0, colMain1, colChroma0, colChroma1, colWeight, outWidth, offsetX, cropWidth,
        rotatedWidth, colIsSourceX, colMirrored, width, height, mainStride, chromaRowStride,
        chromaPixelStride);
    fill(rowMain0, rowMain1, rowChroma0, rowChroma1, rowWeight, outHeight, offsetY, cropHeight,
        rotatedHeight, !colIsSourceX, rowMirrored, width, height, mainStride, chromaRowStride,
        chromaPixelStride);
    keyWidth = width;
    keyHeight = height;
    keyRotation = rotation;
    keyMainStride = mainStride;
    keyChromaRowStride = chromaRowStride;
    keyChromaPixelStride = chromaPixelStride;
  }

  private static void fill(int[] main0, int[] main1, int[] chroma0, int[] chroma1, int[] weight,
      int count, double offset, double cropSize, int rotatedSize, boolean sourceX,
      boolean mirrored, int width, int height, int mainStride, int chromaRowStride,
      int chromaPixelStride) {
    double step = cropSize / count;
    for (int k = 0; k < count; k++) {
      double pos = offset + (k + 0.5) * step - 0.5;
      if (pos < 0) {
        pos = 0;
      } else if (pos > rotatedSize - 1) {
        pos = rotatedSize - 1;
      }
      int a0 = (int) Math.floor(pos);
      int a1 = Math.min(a0 + 1, rotatedSize - 1);
      int w = (int) Math.round((pos - a0) * WEIGHT_ONE);
      int s0 = a0;
      int s1 = a1;
      if (mirrored) {
        int last = (sourceX ? width : height) - 1;
        s0 = last - a0;
        s1 = last - a1;
      }
      if (sourceX) {
        main0[k] = s0;
        main1[k] = s1;
        chroma0[k] = (s0 >> 1) * chromaPixelStride;
        chroma1[k] = (s1 >> 1) * chromaPixelStride;
      } else {
        main0[k] = s0 * mainStride;
        main1[k] = s1 * mainStride;
        chroma0[k] = (s0 >> 1) * chromaRowStride;
        chroma1[k] = (s1 >> 1) * chromaRowStride;
      }
      weight[k] = w;
    }
  }
}
