package org.snaptune.image;

/**
 * One YUV_420_888 camera frame as Android's {@code Image.getPlanes()} describes it: a full-resolution
 * Y plane and two half-resolution chroma planes that share a row stride and a pixel stride (1 for
 * planar I420, 2 for the interleaved NV21/NV12 layouts, where U and V point into the same memory one
 * byte apart).
 *
 * <p>Mutable on purpose: the camera thread keeps one instance and calls {@link #set} for every frame,
 * so no object is allocated per frame. The frame does not copy the arrays; the caller keeps them
 * unchanged until the frame has been converted. Not thread-safe: confine an instance to one thread.
 */
public final class Yuv420Frame {

  private byte[] y;
  private byte[] u;
  private byte[] v;
  private int yRowStride;
  private int uvRowStride;
  private int uvPixelStride;
  private int width;
  private int height;
  private boolean valid;

  /**
   * Points this frame at new planes, checking that every sample the size and strides address lies
   * inside its array.
   *
   * @param y luma, {@code height} rows of {@code yRowStride} bytes (the last row may be shorter)
   * @param yRowStride bytes between luma rows, at least {@code width}
   * @param u chroma U (Cb), {@code ceil(height / 2)} rows
   * @param v chroma V (Cr), same layout as {@code u}
   * @param uvRowStride bytes between chroma rows
   * @param uvPixelStride bytes between chroma samples of one row: 1 or 2
   * @param width frame width in pixels, at least 1
   * @param height frame height in pixels, at least 1
   * @return this frame
   * @throws IllegalArgumentException naming the plane or stride that does not fit
   */
  public Yuv420Frame set(byte[] y, int yRowStride, byte[] u, byte[] v, int uvRowStride,
      int uvPixelStride, int width, int height) {
    valid = false;
    if (y == null || u == null || v == null) {
      throw new IllegalArgumentException("all three planes are required, got y=" + describe(y)
          + " u=" + describe(u) + " v=" + describe(v));
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "frame size must be at least 1x1, got " + width + "x" + height);
    }
    if (uvPixelStride != 1 && uvPixelStride != 2) {
      throw new IllegalArgumentException(
          "chroma pixel stride must be 1 (I420) or 2 (NV12/NV21), got " + uvPixelStride);
    }
    if (yRowStride < width) {
      throw new IllegalArgumentException(
          "Y row stride " + yRowStride + " is smaller than the width " + width);
    }
    int chromaWidth = (width + 1) / 2;
    int chromaHeight = (height + 1) / 2;
    if (uvRowStride < (chromaWidth - 1) * uvPixelStride + 1) {
      throw new IllegalArgumentException("chroma row stride " + uvRowStride + " cannot hold "
          + chromaWidth + " samples with pixel stride " + uvPixelStride);
    }
    checkLength("Y", y, (long) (height - 1) * yRowStride + width);
    long chromaNeeded = (long) (chromaHeight - 1) * uvRowStride
        + (long) (chromaWidth - 1) * uvPixelStride + 1;
    checkLength("U", u, chromaNeeded);
    checkLength("V", v, chromaNeeded);
    this.y = y;
    this.u = u;
    this.v = v;
    this.yRowStride = yRowStride;
    this.uvRowStride = uvRowStride;
    this.uvPixelStride = uvPixelStride;
    this.width = width;
    this.height = height;
    this.valid = true;
    return this;
  }

  /** Whether {@link #set} has succeeded since construction (or since the last failed call). */
  public boolean isSet() { return valid; }

  public int width() { checkSet(); return width; }
  public int height() { checkSet(); return height; }
  public int yRowStride() { checkSet(); return yRowStride; }
  public int uvRowStride() { checkSet(); return uvRowStride; }
  public int uvPixelStride() { checkSet(); return uvPixelStride; }

  byte[] yPlane() { return y; }
  byte[] uPlane() { return u; }
  byte[] vPlane() { return v; }

  void checkSet() {
    if (!valid) {
      throw new IllegalStateException("frame has no planes: call set(...) first");
    }
  }

  private static void checkLength(String plane, byte[] data, long needed) {
    if (data.length < needed) {
      throw new IllegalArgumentException(plane + " plane holds " + data.length
          + " bytes but the frame size and strides address " + needed);
    }
  }

  private static String describe(byte[] plane) {
    return plane == null ? "null" : plane.length + " bytes";
  }
}
