package org.snaptune.image;

import java.nio.ByteBuffer;

/**
 * Fills a backbone's input tensor from a camera frame or from ARGB pixels: rotate upright,
 * centre-crop, bilinear-resize to the {@link InputSpec}'s size (see {@link RgbResampler}), then
 * quantize (UINT8) or normalize (FLOAT32) every channel as the spec says.
 *
 * <p>Everything is preallocated in the constructor; converting a frame allocates nothing. The RGB
 * image of the last conversion stays available ({@link #copyLastRgbAsArgb}) so a caller can keep
 * exactly what the model saw as a sample's thumbnail.
 *
 * <p>Not thread-safe: confine an instance to one thread. The caller owns the output buffers.
 */
public final class ImagePreprocessor {

  private final InputSpec spec;
  private final RgbResampler resampler;
  private final byte[] rgb;
  /** UINT8: channel value → quantized byte; null for FLOAT32. */
  private final byte[] quantized;
  /** FLOAT32: channel value → normalized float; null for UINT8. */
  private final float[] normalized;
  private final byte[] quantizedImage;
  private boolean hasImage;

  public ImagePreprocessor(InputSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("input spec is null");
    }
    this.spec = spec;
    this.resampler = new RgbResampler(spec.width(), spec.height());
    this.rgb = new byte[resampler.rgbSize()];
    switch (spec.dataType()) {
      case UINT8:
        quantized = new byte[256];
        for (int p = 0; p < 256; p++) {
          quantized[p] = (byte) spec.quantize(p);
        }
        normalized = null;
        quantizedImage = new byte[rgb.length];
        break;
      case FLOAT32:
        normalized = new float[256];
        for (int p = 0; p < 256; p++) {
          normalized[p] = spec.normalize(p);
        }
        quantized = null;
        quantizedImage = null;
        break;
      default:
        throw new IllegalArgumentException("unsupported input type " + spec.dataType());
    }
  }

  public InputSpec spec() { return spec; }

  /**
   * Converts a YUV_420_888 camera frame and writes {@code spec.byteSize()} bytes at {@code out}'s
   * position, advancing it. FLOAT32 values are written in {@code out}'s byte order (TFLite wants
   * {@code ByteOrder.nativeOrder()}).
   *
   * @param rotationDegrees the sensor orientation (clockwise rotation to upright), a multiple of 90
   * @throws IllegalArgumentException for a bad rotation or an output without room
   */
  public void fromYuv(Yuv420Frame frame, int rotationDegrees, ByteBuffer out) {
    checkOut(out);
    resampler.resample(frame, rotationDegrees, rgb);
    hasImage = true;
    write(out);
  }

  /** {@link #fromArgb(int[], int, int, int, ByteBuffer)} for an upright picture. */
  public void fromArgb(int[] argb, int width, int height, ByteBuffer out) {
    fromArgb(argb, width, height, 0, out);
  }

  /**
   * Converts {@code width × height} ARGB pixels (row-major, {@code Bitmap.getPixels} order; alpha
   * ignored) and writes {@code spec.byteSize()} bytes at {@code out}'s position, advancing it.
   *
   * @param rotationDegrees clockwise rotation making the picture upright, a multiple of 90
   * @throws IllegalArgumentException for a bad size, rotation or an output without room
   */
  public void fromArgb(int[] argb, int width, int height, int rotationDegrees, ByteBuffer out) {
    checkOut(out);
    resampler.resample(argb, width, height, rotationDegrees, rgb);
    hasImage = true;
    write(out);
  }

  /**
   * Copies the upright, cropped RGB image of the last conversion as opaque ARGB ints
   * ({@code spec.width() × spec.height()}, for {@code Bitmap.createBitmap}).
   *
   * @throws IllegalStateException before the first conversion
   * @throws IllegalArgumentException if {@code argbOut} is too short
   */
  public void copyLastRgbAsArgb(int[] argbOut) {
    if (!hasImage) {
      throw new IllegalStateException("no image converted yet");
    }
    RgbResampler.rgbToArgb(rgb, spec.width() * spec.height(), argbOut);
  }

  private void checkOut(ByteBuffer out) {
    if (out == null) {
      throw new IllegalArgumentException("output buffer is null");
    }
    if (out.isReadOnly()) {
      throw new IllegalArgumentException("output buffer is read-only");
    }
    if (out.remaining() < spec.byteSize()) {
      throw new IllegalArgumentException("output buffer has " + out.remaining()
          + " bytes left, the input " + spec + " needs " + spec.byteSize());
    }
  }

  private void write(ByteBuffer out) {
    if (quantized != null) {
      for (int k = 0; k < rgb.length; k++) {
        quantizedImage[k] = quantized[rgb[k] & 0xff];
      }
      out.put(quantizedImage, 0, rgb.length);
      return;
    }
    int base = out.position();
    for (int k = 0; k < rgb.length; k++) {
      out.putFloat(base + 4 * k, normalized[rgb[k] & 0xff]);
    }
    out.position(base + 4 * rgb.length);
  }
}
