package org.snaptune.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link ModelInspector} found in a verified .tflite file: subgraphs with their tensors and
 * operators, and signatures. Immutable value classes, thread-safe; arrays are copied on the way
 * out.
 */
public final class ModelInspectorReport {

  /** One tensor of a subgraph. */
  public static final class Tensor {
    private final int index;
    private final String name;
    private final String type;
    private final int[] shape;
    private final int[] shapeSignature;
    private final float[] scale;
    private final long[] zeroPoint;
    private final boolean variable;
    private final int buffer;
    private final int bufferBytes;

    Tensor(int index, String name, String type, int[] shape, int[] shapeSignature, float[] scale,
        long[] zeroPoint, boolean variable, int buffer, int bufferBytes) {
      this.index = index;
      this.name = name;
      this.type = type;
      this.shape = shape;
      this.shapeSignature = shapeSignature;
      this.scale = scale;
      this.zeroPoint = zeroPoint;
      this.variable = variable;
      this.buffer = buffer;
      this.bufferBytes = bufferBytes;
    }

    public int index() { return index; }
    public String name() { return name; }
    /** TensorType name, e.g. FLOAT32, UINT8, RESOURCE. */
    public String type() { return type; }
    public int[] shape() { return shape.clone(); }
    /** Shape with -1 for dynamic dimensions; equals {@link #shape()} when the file has none. */
    public int[] shapeSignature() { return shapeSignature.clone(); }
    /** Quantization scales (empty when not quantized). */
    public float[] scale() { return scale.clone(); }
    public long[] zeroPoint() { return zeroPoint.clone(); }
    public boolean isQuantized() { return scale.length > 0; }
    public boolean isVariable() { return variable; }
    public int buffer() { return buffer; }
    /** Bytes of constant data in the file for this tensor; 0 for activations. */
    public int bufferBytes() { return bufferBytes; }

    /** One line, e.g. {@code #3 "x" FLOAT32 [1,1280]} plus quantization and constness. */
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "#%d \"%s\" %s %s", index,
          name, type, ModelInspectorReport.shapeString(shapeSignature)));
      if (scale.length == 1) {
        s.append(" q(scale=").append(scale[0]).append(", zero=")
            .append(zeroPoint.length > 0 ? zeroPoint[0] : 0).append(')');
      } else if (scale.length > 1) {
        s.append(" q(per-channel, ").append(scale.length).append(" scales)");
      }
      if (bufferBytes > 0) {
        s.append(" const ").append(bufferBytes).append(" B");
      }
      if (variable) {
        s.append(" variable");
      }
      return s.toString();
    }
  }

  /** One operator: builtin name (or {@code CUSTOM:name}), its version and tensor indices. */
  public static final class Op {
    private final String name;
    private final int version;
    private final int[] inputs;
    private final int[] outputs;

    Op(String name, int version, int[] inputs, int[] outputs) {
      this.name = name;
      this.version = version;
      this.inputs = inputs;
      this.outputs = outputs;
    }

    public String name() { return name; }
    public int version() { return version; }
    public int[] inputs() { return inputs.clone(); }
    public int[] outputs() { return outputs.clone(); }

    @Override
    public String toString() {
      return name + " v" + version + " " + Arrays.toString(inputs) + " -> "
          + Arrays.toString(outputs);
    }
  }

  /** One subgraph. */
  public static final class Subgraph {
    private final int index;
    private final String name;
    private final List<Tensor> tensors;
    private final int[] inputs;
    private final int[] outputs;
    private final List<Op> ops;

    Subgraph(int index, String name, List<Tensor> tensors, int[] inputs, int[] outputs,
        List<Op> ops) {
      this.index = index;
      this.name = name;
      this.tensors = Collections.unmodifiableList(new ArrayList<>(tensors));
      this.inputs = inputs;
      this.outputs = outputs;
      this.ops = Collections.unmodifiableList(new ArrayList<>(ops));
    }

    public int index() { return index; }
    /** The subgraph's name; empty when the file has none. */
    public String name() { return name; }
    public List<Tensor> tensors() { return tensors; }
    public int[] inputs() { return inputs.clone(); }
    public int[] outputs() { return outputs.clone(); }
    public List<Op> ops() { return ops; }
  }

  /** One signature: key, subgraph, and input/output names mapped to tensor indices. */
  public static final class Signature {
    private final String key;
    private final int subgraph;
    private final Map<String, Integer> inputs;
    private final Map<String, Integer> outputs;

    Signature(String key, int subgraph, Map<String, Integer> inputs,
        Map<String, Integer> outputs) {
      this.key = key;
      this.subgraph = subgraph;
      this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
      this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public String key() { return key; }
    public int subgraph() { return subgraph; }
    /** Input name → tensor index in {@link #subgraph()}, in file order. */
    public Map<String, Integer> inputs() { return inputs; }
    public Map<String, Integer> outputs() { return outputs; }
  }

  private final long version;
  private final String description;
  private final int sizeBytes;
  private final List<Subgraph> subgraphs;
  private final List<Signature> signatures;
  private final List<String> metadataNames;

  ModelInspectorReport(long version, String description, int sizeBytes, List<Subgraph> subgraphs,
      List<Signature> signatures, List<String> metadataNames) {
    this.version = version;
    this.description = description;
    this.sizeBytes = sizeBytes;
    this.subgraphs = Collections.unmodifiableList(new ArrayList<>(subgraphs));
    this.signatures = Collections.unmodifiableList(new ArrayList<>(signatures));
    this.metadataNames = Collections.unmodifiableList(new ArrayList<>(metadataNames));
  }

  public long version() { return version; }
  public String description() { return description; }
  public int sizeBytes() { return sizeBytes; }
  public List<Subgraph> subgraphs() { return subgraphs; }
  public List<Signature> signatures() { return signatures; }
  /** Names of the model's metadata entries (e.g. TFLITE_METADATA, min_runtime_version). */
  public List<String> metadataNames() { return metadataNames; }

  /** The signature named {@code key}; IllegalArgumentException listing the valid keys. */
  public Signature signature(String key) {
    List<String> keys = new ArrayList<>();
    for (Signature s : signatures) {
      if (s.key().equals(key)) {
        return s;
      }
      keys.add(s.key());
    }
    throw new IllegalArgumentException("no signature '" + key + "'; the model has " + keys);
  }

  static String shapeString(int[] shape) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ",").append(shape[i]);
    }
    return s.append(']').toString();
  }

  /** Human-readable listing: signatures with their tensors, then each subgraph's tensors and ops. */
  public String format() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "TFLite model, schema version %d, %d bytes%s%n", version,
        sizeBytes, description == null || description.isEmpty() ? "" : ", \"" + description + "\""));
    if (!metadataNames.isEmpty()) {
      s.append("metadata: ").append(metadataNames).append(System.lineSeparator());
    }
    s.append(String.format(Locale.ROOT, "signatures (%d):%n", signatures.size()));
    for (Signature sig : signatures) {
      List<Tensor> tensors = subgraphs.get(sig.subgraph()).tensors();
      s.append(String.format(Locale.ROOT, "  %s (subgraph %d)%n", sig.key(), sig.subgraph()));
      for (Map.Entry<String, Integer> e : sig.inputs().entrySet()) {
        s.append("    in  ").append(e.getKey()).append(": ")
            .append(tensors.get(e.getValue())).append(System.lineSeparator());
      }
      for (Map.Entry<String, Integer> e : sig.outputs().entrySet()) {
        s.append("    out ").append(e.getKey()).append(": ")
            .append(tensors.get(e.getValue())).append(System.lineSeparator());
      }
    }
    for (Subgraph g : subgraphs) {
      s.append(String.format(Locale.ROOT, "subgraph %d%s: %d tensors, %d ops, inputs %s,"
          + " outputs %s%n", g.index(), g.name().isEmpty() ? "" : " \"" + g.name() + "\"",
          g.tensors().size(), g.ops().size(), Arrays.toString(g.inputs()),
          Arrays.toString(g.outputs())));
      s.append("  tensors:").append(System.lineSeparator());
      for (Tensor t : g.tensors()) {
        s.append("    ").append(t).append(System.lineSeparator());
      }
      s.append("  ops:").append(System.lineSeparator());
      for (int i = 0; i < g.ops().size(); i++) {
        s.append("    ").append(i).append(": ").append(g.ops().get(i))
            .append(System.lineSeparator());
      }
    }
    return s.toString();
  }
}
