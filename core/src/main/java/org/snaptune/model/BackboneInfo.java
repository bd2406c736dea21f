package org.snaptune.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.snaptune.image.InputSpec;

/**
 * What {@link BackboneAdapter} found in an image classifier: its input (size, type and how pixels
 * map to it, as an {@link InputSpec}), the pooled embedding it exposed as an extra output, and the
 * logits output it kept. Immutable and thread-safe.
 *
 * <p>Output indices refer to the adapted model's subgraph 0 outputs (and, when the model has
 * signatures, the adapter also names the embedding {@code embedding} in each of them).
 */
public final class BackboneInfo {

  /** Element type of an output tensor the adapter reports. */
  public enum ElementType {
    FLOAT32(4), UINT8(1), INT8(1);

    private final int bytes;

    ElementType(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }
  }

  /** One output tensor: where it is, its size and how to dequantize it. */
  public static final class Output {
    private final String name;
    private final int outputIndex;
    private final int tensorIndex;
    private final int size;
    private final ElementType type;
    private final float scale;
    private final int zeroPoint;

    Output(String name, int outputIndex, int tensorIndex, int size, ElementType type, float scale,
        int zeroPoint) {
      this.name = name;
      this.outputIndex = outputIndex;
      this.tensorIndex = tensorIndex;
      this.size = size;
      this.type = type;
      this.scale = scale;
      this.zeroPoint = zeroPoint;
    }

    /** The tensor's name in the model. */
    public String name() { return name; }
    /** Position among the adapted model's outputs. */
    public int outputIndex() { return outputIndex; }
    public int tensorIndex() { return tensorIndex; }
    /** Number of elements per image (batch 1). */
    public int size() { return size; }
    public ElementType type() { return type; }
    /** Quantization scale; 1 for FLOAT32. */
    public float scale() { return scale; }
    /** Quantization zero point; 0 for FLOAT32. */
    public int zeroPoint() { return zeroPoint; }

    /**
     * Real values of one output read as raw bytes (little-endian floats, or quantized values that
     * become {@code scale × (q − zeroPoint)}).
     *
     * @throws IllegalArgumentException if {@code raw} is not exactly size × element-size bytes
     */
    public float[] dequantize(byte[] raw) {
      if (raw == null || raw.length != size * type.bytes()) {
        throw new IllegalArgumentException("output '" + name + "' needs " + size * type.bytes()
            + " bytes (" + size + " " + type + "), got " + (raw == null ? "null" : raw.length));
      }
      float[] out = new float[size];
      switch (type) {
        case FLOAT32:
          ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
          break;
        case UINT8:
          for (int i = 0; i < size; i++) {
            out[i] = scale * ((raw[i] & 0xFF) - zeroPoint);
          }
          break;
        case INT8:
          for (int i = 0; i < size; i++) {
            out[i] = scale * (raw[i] - zeroPoint);
          }
          break;
        default:
          throw new IllegalStateException("unhandled element type " + type);
      }
      return out;
    }

    /**
     * Real values of one output read from a runtime's output buffer into {@code out}, so a frame
     * allocates nothing: the phone and host runners both read their output tensors through this.
     * Reads with absolute gets, so the buffer's position is untouched; floats are read in the
     * buffer's own byte order (native order for tensor memory).
     *
     * @throws IllegalArgumentException if {@code out} does not hold exactly {@link #size()} values
     */
    public void dequantize(ByteBuffer raw, float[] out) {
      if (raw == null || out == null || out.length != size) {
        throw new IllegalArgumentException("output '" + name + "' needs a buffer and " + size
            + " values, got " + (out == null ? "null" : String.valueOf(out.length)));
      }
      switch (type) {
        case FLOAT32:
          for (int i = 0; i < size; i++) {
            out[i] = raw.getFloat(4 * i);
          }
          break;
        case UINT8:
          for (int i = 0; i < size; i++) {
            out[i] = scale * ((raw.get(i) & 0xFF) - zeroPoint);
          }
          break;
        case INT8:
          for (int i = 0; i < size; i++) {
            out[i] = scale * (raw.get(i) - zeroPoint);
          }
          break;
        default:
          throw new IllegalStateException("unhandled element type " + type);
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "output %d \"%s\" %d x %s%s", outputIndex, name, size,
          type, type == ElementType.FLOAT32 ? ""
              : String.format(Locale.ROOT, " (scale %.6g, zero %d)", scale, zeroPoint));
    }
  }

  private final InputSpec inputSpec;
  private final String inputName;
  private final boolean normalisationFromMetadata;
  private final Output embedding;
  private final Output logits;
  private final String poolingOp;
  private final String classifierOp;

  BackboneInfo(InputSpec inputSpec, String inputName, boolean normalisationFromMetadata,
      Output embedding, Output logits, String poolingOp, String classifierOp) {
    this.inputSpec = inputSpec;
    this.inputName = inputName;
    this.normalisationFromMetadata = normalisationFromMetadata;
    this.embedding = embedding;
    this.logits = logits;
    this.poolingOp = poolingOp;
    this.classifierOp = classifierOp;
  }

  /** Input size, element type and pixel normalisation/quantization. */
  public InputSpec inputSpec() { return inputSpec; }
  public String inputName() { return inputName; }
  /**
   * True when mean/std came from the model's TFLite metadata; false when assumed (127.5/127.5 for
   * float inputs) or derived from the input's quantization (uint8 inputs).
   */
  public boolean normalisationFromMetadata() { return normalisationFromMetadata; }
  /** The pooled embedding the adapter exposed. */
  public Output embedding() { return embedding; }
  /** The classifier's original output, unchanged. */
  public Output logits() { return logits; }
  public int embeddingSize() { return embedding.size(); }
  public int logitsSize() { return logits.size(); }
  /** The op that produces the embedding (AVERAGE_POOL_2D or MEAN). */
  public String poolingOp() { return poolingOp; }
  /** The classifier op that consumes it (FULLY_CONNECTED or CONV_2D). */
  public String classifierOp() { return classifierOp; }

  /** A few lines for people: what was found and how to feed the model. */
  public String describe() {
    String nl = System.lineSeparator();
    return "input \"" + inputName + "\": " + inputSpec
        + (inputSpec.dataType() == InputSpec.DataType.FLOAT32
            ? (normalisationFromMetadata ? " (from metadata)" : " (assumed, no metadata)") : "")
        + nl + "embedding: " + embedding + ", from " + poolingOp + nl
        + "logits:    " + logits + ", from " + classifierOp;
  }

  @Override
  public String toString() {
    return "BackboneInfo{" + inputSpec + ", embedding " + embedding.size() + " "
        + embedding.type() + ", logits " + logits.size() + "}";
  }
}
