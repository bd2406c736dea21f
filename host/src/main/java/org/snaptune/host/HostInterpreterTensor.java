package org.snaptune.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * One tensor of a {@link HostInterpreter} as the runtime sees it: name, TfLiteType, current shape,
 * per-tensor quantization and byte size. Immutable and thread-safe.
 */
public final class HostInterpreterTensor {

  private final String name;
  private final int typeCode;
  private final int[] shape;
  private final float scale;
  private final int zeroPoint;
  private final long byteSize;

  HostInterpreterTensor(String name, int typeCode, int[] shape, float scale, int zeroPoint,
      long byteSize) {
    this.name = name;
    this.typeCode = typeCode;
    this.shape = shape;
    this.scale = scale;
    this.zeroPoint = zeroPoint;
    this.byteSize = byteSize;
  }

  public String name() { return name; }
  /** The C API TfLiteType code (FLOAT32 = 1, UINT8 = 3, INT8 = 9, …). */
  public int typeCode() { return typeCode; }
  public int[] shape() { return shape.clone(); }
  /** Quantization scale; 0 when the tensor is not quantized. */
  public float scale() { return scale; }
  public int zeroPoint() { return zeroPoint; }
  public long byteSize() { return byteSize; }

  /** The type's name, e.g. FLOAT32. */
  public String type() {
    switch (typeCode) {
      case HostInterpreter.TYPE_FLOAT32: return "FLOAT32";
      case 2: return "INT32";
      case HostInterpreter.TYPE_UINT8: return "UINT8";
      case 4: return "INT64";
      case 6: return "BOOL";
      case 7: return "INT16";
      case HostInterpreter.TYPE_INT8: return "INT8";
      case 10: return "FLOAT16";
      default: return "TYPE_" + typeCode;
    }
  }

  /**
   * Real values of {@code raw} bytes of this tensor: little-endian floats for FLOAT32, and
   * {@code scale × (q − zeroPoint)} for UINT8/INT8 (scale 1 when not quantized).
   *
   * @throws IllegalArgumentException for other types or a wrong byte count
   */
  public float[] toFloats(byte[] raw) {
    if (raw == null || raw.length != byteSize) {
      throw new IllegalArgumentException("tensor '" + name + "' has " + byteSize
          + " bytes, got " + (raw == null ? "null" : raw.length));
    }
    float s = scale == 0f ? 1f : scale;
    switch (typeCode) {
      case HostInterpreter.TYPE_FLOAT32: {
        float[] out = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
      }
      case HostInterpreter.TYPE_UINT8: {
        float[] out = new float[raw.length];
        for (int k = 0; k < out.length; k++) {
          out[k] = s * ((raw[k] & 0xFF) - zeroPoint);
        }
        return out;
      }
      case HostInterpreter.TYPE_INT8: {
        float[] out = new float[raw.length];
        for (int k = 0; k < out.length; k++) {
          out[k] = s * (raw[k] - zeroPoint);
        }
        return out;
      }
      default:
        throw new IllegalArgumentException("tensor '" + name + "' is " + type()
            + "; only FLOAT32, UINT8 and INT8 convert to floats");
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "\"%s\" %s %s%s", name, type(), Arrays.toString(shape),
        scale != 0f ? String.format(Locale.ROOT, " q(scale=%.6g, zero=%d)", scale, zeroPoint) : "");
  }
}
