package org.snaptune.image;

import java.util.Locale;

/**
 * What an image backbone expects as input: size, element type and how 8-bit RGB pixels map to it.
 * A pixel channel value {@code p} in [0, 255] becomes the real value {@code r = (p - mean) / std};
 * a FLOAT32 input receives {@code r}, a UINT8 input receives {@code round(r / scale + zeroPoint)}
 * clamped to [0, 255]. Immutable and thread-safe.
 */
public final class InputSpec {

  /** Element type of the backbone's input tensor. */
  public enum DataType { UINT8, FLOAT32 }

  private final int width;
  private final int height;
  private final DataType dataType;
  private final float mean;
  private final float std;
  private final float scale;
  private final int zeroPoint;

  private InputSpec(int width, int height, DataType dataType, float mean, float std, float scale,
      int zeroPoint) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "input size must be at least 1x1, got " + width + "x" + height);
    }
    if (!(std > 0) || Float.isInfinite(std) || Float.isNaN(mean) || Float.isInfinite(mean)) {
      throw new IllegalArgumentException(
          "normalisation needs a finite mean and a finite std > 0, got mean=" + mean + " std=" + std);
    }
    if (dataType == DataType.UINT8 && (!(scale > 0) || Float.isInfinite(scale)
        || zeroPoint < 0 || zeroPoint > 255)) {
      throw new IllegalArgumentException("a UINT8 input needs a finite scale > 0 and a zero point"
          + " in [0, 255], got scale=" + scale + " zeroPoint=" + zeroPoint);
    }
    this.width = width;
    this.height = height;
    this.dataType = dataType;
    this.mean = mean;
    this.std = std;
    this.scale = scale;
    this.zeroPoint = zeroPoint;
  }

  /** A float input that receives {@code (p - mean) / std}. */
  public static InputSpec float32(int width, int height, float mean, float std) {
    return new InputSpec(width, height, DataType.FLOAT32, mean, std, 1f, 0);
  }

  /** A quantized input with the tensor's {@code scale} and {@code zeroPoint}. */
  public static InputSpec uint8(int width, int height, float mean, float std, float scale,
      int zeroPoint) {
    return new InputSpec(width, height, DataType.UINT8, mean, std, scale, zeroPoint);
  }

  public int width() { return width; }
  public int height() { return height; }
  public DataType dataType() { return dataType; }
  public float mean() { return mean; }
  public float std() { return std; }
  public float scale() { return scale; }
  public int zeroPoint() { return zeroPoint; }

  /** Bytes of one input image: width × height × 3 elements of the data type. */
  public int byteSize() {
    return width * height * 3 * (dataType == DataType.UINT8 ? 1 : 4);
  }

  /** The real value fed for 8-bit channel value {@code p}. */
  public float normalize(int p) {
    return (p - mean) / std;
  }

  /** The quantized value fed for 8-bit channel value {@code p} (UINT8 inputs). */
  public int quantize(int p) {
    int q = Math.round(normalize(p) / scale + zeroPoint);
    return q < 0 ? 0 : (q > 255 ? 255 : q);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%dx%dx3 %s, (p-%.2f)/%.2f%s", width, height, dataType,
        mean, std, dataType == DataType.UINT8
            ? String.format(Locale.ROOT, ", scale %.6f zero %d", scale, zeroPoint) : "");
  }
}
