package org.snaptune.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.snaptune.image.InputSpec;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * Turns a TFLite image classifier (float32 or uint8 input) into a backbone: it finds the pooled
 * embedding that feeds the final classifier — the output of AVERAGE_POOL_2D or MEAN, possibly
 * through RESHAPE/SQUEEZE/(DE)QUANTIZE, consumed by FULLY_CONNECTED or a 1×1 CONV_2D whose result
 * reaches the model output through RESHAPE/SQUEEZE/SOFTMAX — and rewrites the model so that tensor
 * is a second output after the untouched logits. Nothing else in the graph changes, so the logits
 * stay bit-identical. A model that already has exactly these two outputs is returned unchanged,
 * so adapting is idempotent.
 *
 * <p>Models it cannot adapt (several subgraphs or inputs, an input that is not [1,H,W,3] uint8 or
 * float32, a classifier head of another shape, external buffers) are rejected with an
 * IllegalArgumentException saying what was found and what is expected. Stateless and thread-safe;
 * the input array is not modified.
 */
public final class BackboneAdapter {

  /** An adapted model and what the adapter found in it. Immutable. */
  public static final class Result {
    private final byte[] model;
    private final BackboneInfo info;

    Result(byte[] model, BackboneInfo info) {
      this.model = model;
      this.info = info;
    }

    /** The adapted .tflite bytes (a fresh copy on each call). */
    public byte[] model() { return model.clone(); }

    public BackboneInfo info() { return info; }
  }

  /** Name under which the embedding is added to each signature of subgraph 0. */
  public static final String EMBEDDING_SIGNATURE_NAME = "embedding";

  /** Assumed for float inputs without normalisation metadata: pixels map to [-1, 1]. */
  static final float DEFAULT_FLOAT_MEAN = 127.5f;
  static final float DEFAULT_FLOAT_STD = 127.5f;

  private static final Set<String> AFTER_CLASSIFIER = new HashSet<>(Arrays.asList(
      "SOFTMAX", "LOG_SOFTMAX", "LOGISTIC", "RESHAPE", "SQUEEZE", "QUANTIZE", "DEQUANTIZE"));
  private static final Set<String> BEFORE_CLASSIFIER = new HashSet<>(Arrays.asList(
      "RESHAPE", "SQUEEZE", "QUANTIZE", "DEQUANTIZE"));
  private static final Set<String> POOLING = new HashSet<>(Arrays.asList(
      "AVERAGE_POOL_2D", "MEAN"));

  private BackboneAdapter() {}

  /**
   * Adapts {@code model}, the bytes of a .tflite image classifier.
   *
   * @throws IllegalArgumentException if the bytes are not a valid model or the model cannot be
   *     adapted, saying why
   */
  public static Result adapt(byte[] model) {
    ModelVerifier.verify(model);
    if (ModelVerifier.hasExternalBuffers(model)) {
      throw reject("its weights live outside the flatbuffer (Buffer.offset, the >2 GB layout);"
          + " only models with inline buffers can be rewritten");
    }
    ModelT m = Model.getRootAsModel(ByteBuffer.wrap(model)).unpack();
    SubGraphT[] subgraphs = m.getSubgraphs();
    if (subgraphs.length != 1) {
      throw reject("it has " + subgraphs.length + " subgraphs; only single-subgraph classifiers"
          + " are supported");
    }
    SubGraphT g = subgraphs[0];
    TensorT[] tensors = g.getTensors();
    Map<Integer, OperatorT> producer = new HashMap<>();
    for (OperatorT op : g.getOperators()) {
      for (int out : op.getOutputs()) {
        producer.put(out, op);
      }
    }

    if (g.getInputs().length != 1) {
      throw reject("it has " + g.getInputs().length + " inputs; expected one image input");
    }
    int inputIndex = g.getInputs()[0];
    TensorT input = tensors[inputIndex];
    InputSpec inputSpec = inputSpec(input);

    int[] outputs = g.getOutputs();
    Found found;
    byte[] adapted;
    if (outputs.length == 2) {
      // Already adapted (here or by hand): accepted unchanged when one output is the pooled
      // embedding that feeds the classifier behind the other.
      found = alreadyAdapted(m, g, producer, outputs);
      adapted = model.clone();
    } else if (outputs.length == 1) {
      found = find(m, g, producer, outputs[0]);
      found.embeddingOutput = addOutput(m, g, found.embedding);
      adapted = BackboneAdapterPacking.pack(m, model.length + 4096);
      ModelVerifier.verify(adapted);
    } else {
      throw reject("it has " + outputs.length + " outputs; expected one classifier output");
    }

    BackboneInfo.Output logitsOut =
        output(tensors[found.logits], found.logitsOutput, found.logits, found.logitsSize);
    BackboneInfo.Output embeddingOut = output(tensors[found.embedding], found.embeddingOutput,
        found.embedding, found.embeddingSize);
    boolean fromMetadata = inputSpec.dataType() == InputSpec.DataType.FLOAT32
        && BackboneAdapterMetadata.normalisation(model) != null;
    return new Result(adapted, new BackboneInfo(
        fromMetadata ? withMetadata(inputSpec, model) : inputSpec, nonNull(input.getName()),
        fromMetadata, embeddingOut, logitsOut, found.poolingOp, found.classifierOp));
  }

  /** What {@link #find} located: tensor indices, sizes and op names. */
  private static final class Found {
    int logits;
    int logitsOutput;
    int logitsSize;
    int embedding;
    int embeddingOutput;
    int embeddingSize;
    String classifierOp;
    String poolingOp;
  }

  private static Found alreadyAdapted(ModelT m, SubGraphT g, Map<Integer, OperatorT> producer,
      int[] outputs) {
    String why = "";
    for (int i = 0; i < 2; i++) {
      try {
        Found f = find(m, g, producer, outputs[i]);
        if (f.embedding == outputs[1 - i]) {
          f.logitsOutput = i;
          f.embeddingOutput = 1 - i;
          return f;
        }
        why = "output " + (1 - i) + " is not the pooled embedding behind output " + i;
      } catch (IllegalArgumentException e) {
        // Try the other output as the logits; keep this reason for the final message.
        why = e.getMessage();
      }
    }
    throw reject("it has 2 outputs, but not logits plus the pooled embedding feeding them ("
        + why + ")");
  }

  /** Walks back from output tensor {@code logits} to the classifier and the pooling op. */
  private static Found find(ModelT m, SubGraphT g, Map<Integer, OperatorT> producer, int logits) {
    TensorT[] tensors = g.getTensors();
    Found f = new Found();
    f.logits = logits;
    f.logitsSize = perImageSize(tensors[logits], "the output");

    // From the output back to the classifier op, through activation and shape ops.
    int t = logits;
    OperatorT classifier = null;
    for (int steps = 0; steps <= g.getOperators().length && classifier == null; steps++) {
      OperatorT op = producer.get(t);
      String name = op == null ? "a graph input or constant" : opName(m, op);
      if (op != null && (name.equals("FULLY_CONNECTED") || name.equals("CONV_2D"))) {
        classifier = op;
      } else if (op != null && AFTER_CLASSIFIER.contains(name) && op.getInputs().length > 0) {
        t = op.getInputs()[0];
      } else {
        throw reject("its output comes from " + name + "; expected FULLY_CONNECTED or a 1x1"
            + " CONV_2D, optionally followed by RESHAPE/SQUEEZE/SOFTMAX");
      }
    }
    if (classifier == null) {
      throw reject("no classifier op was found before the output (cycle in the graph)");
    }
    f.classifierOp = opName(m, classifier);
    int depth = classifierDepth(tensors, classifier, f.classifierOp, f.logitsSize);

    // From the classifier's input back to the pooling op.
    int e = classifier.getInputs()[0];
    OperatorT pool = null;
    for (int steps = 0; steps <= g.getOperators().length && pool == null; steps++) {
      OperatorT op = producer.get(e);
      String name = op == null ? "a graph input or constant" : opName(m, op);
      if (op != null && POOLING.contains(name)) {
        pool = op;
      } else if (op != null && BEFORE_CLASSIFIER.contains(name) && op.getInputs().length > 0) {
        e = op.getInputs()[0];
      } else {
        throw reject("the classifier's input comes from " + name + "; expected a pooled"
            + " embedding from AVERAGE_POOL_2D or MEAN");
      }
    }
    if (pool == null) {
      throw reject("no pooling op was found before the classifier (cycle in the graph)");
    }
    f.poolingOp = opName(m, pool);
    f.embedding = pool.getOutputs()[0];
    f.embeddingSize = pooledSize(tensors[f.embedding]);
    if (f.embeddingSize != depth) {
      throw reject("the pooled tensor '" + tensors[f.embedding].getName() + "' has "
          + f.embeddingSize + " elements but the classifier expects " + depth);
    }
    return f;
  }

  private static InputSpec inputSpec(TensorT input) {
    int[] s = input.getShape();
    if (s == null || s.length != 4 || s[0] != 1 || s[3] != 3 || s[1] < 1 || s[2] < 1) {
      throw reject("its input '" + input.getName() + "' has shape "
          + Arrays.toString(s) + "; expected [1,height,width,3]");
    }
    switch (input.getType()) {
      case TensorType.FLOAT32:
        return InputSpec.float32(s[2], s[1], DEFAULT_FLOAT_MEAN, DEFAULT_FLOAT_STD);
      case TensorType.UINT8: {
        QuantizationParametersT q = input.getQuantization();
        if (q == null || q.getScale() == null || q.getScale().length == 0) {
          return InputSpec.uint8(s[2], s[1], 0f, 1f, 1f, 0);
        }
        float scale = q.getScale()[0];
        int zero = q.getZeroPoint() == null || q.getZeroPoint().length == 0
            ? 0 : (int) q.getZeroPoint()[0];
        if (!(scale > 0) || Float.isInfinite(scale) || zero < 0 || zero > 255) {
          throw reject("its uint8 input has scale " + scale + " and zero point " + zero
              + "; expected a finite scale > 0 and a zero point in [0, 255]");
        }
        // Raw pixels are fed unchanged: real = scale·(p − zero) = (p − mean)/std.
        return InputSpec.uint8(s[2], s[1], zero, 1f / scale, scale, zero);
      }
      default:
        throw reject("its input is " + ModelInspector.typeName(input.getType())
            + "; expected UINT8 or FLOAT32");
    }
  }

  private static InputSpec withMetadata(InputSpec spec, byte[] model) {
    float[] ms = BackboneAdapterMetadata.normalisation(model);
    return InputSpec.float32(spec.width(), spec.height(), ms[0], ms[1]);
  }

  /** The classifier's input depth D, checking its weights against the logits size C. */
  private static int classifierDepth(TensorT[] tensors, OperatorT op, String name, int classes) {
    if (op.getInputs().length < 2 || op.getInputs()[1] < 0) {
      throw reject("its " + name + " classifier has no weights input");
    }
    int[] w = tensors[op.getInputs()[1]].getShape();
    boolean ok = name.equals("FULLY_CONNECTED")
        ? w.length == 2
        : w.length == 4 && w[1] == 1 && w[2] == 1;
    if (!ok) {
      throw reject("its " + name + " classifier has weights " + Arrays.toString(w)
          + "; expected [classes, depth] (FULLY_CONNECTED) or [classes,1,1,depth] (1x1 CONV_2D)");
    }
    if (w[0] != classes) {
      throw reject("its classifier has " + w[0] + " units but the output has " + classes
          + " values");
    }
    return w[w.length - 1];
  }

  /** Elements of a pooled tensor, which must be [1,1,1,D], [1,D] or [1,1,D]. */
  private static int pooledSize(TensorT t) {
    int[] s = t.getShape();
    boolean ok = s != null && s.length >= 2 && s[0] == 1;
    for (int i = 1; ok && i < s.length - 1; i++) {
      ok = s[i] == 1;
    }
    if (!ok) {
      throw reject("the pooling output '" + t.getName() + "' has shape " + Arrays.toString(s)
          + "; expected a 1x1 spatial result such as [1,1,1,D] or [1,D]");
    }
    typeOf(t, "the pooled embedding");
    return s[s.length - 1];
  }

  private static int perImageSize(TensorT t, String what) {
    int[] s = t.getShape();
    if (s == null || s.length < 2 || s[0] != 1) {
      throw reject(what + " '" + t.getName() + "' has shape " + Arrays.toString(s)
          + "; expected [1, classes]");
    }
    long n = 1;
    for (int i = 1; i < s.length; i++) {
      n *= s[i];
    }
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw reject(what + " has " + n + " values per image");
    }
    typeOf(t, what);
    return (int) n;
  }

  private static BackboneInfo.ElementType typeOf(TensorT t, String what) {
    switch (t.getType()) {
      case TensorType.FLOAT32: return BackboneInfo.ElementType.FLOAT32;
      case TensorType.UINT8: return BackboneInfo.ElementType.UINT8;
      case TensorType.INT8: return BackboneInfo.ElementType.INT8;
      default:
        throw reject(what + " '" + t.getName() + "' is " + ModelInspector.typeName(t.getType())
            + "; expected FLOAT32, UINT8 or INT8");
    }
  }

  private static BackboneInfo.Output output(TensorT t, int outputIndex, int tensorIndex,
      int size) {
    BackboneInfo.ElementType type = typeOf(t, "output");
    float scale = 1f;
    int zero = 0;
    QuantizationParametersT q = t.getQuantization();
    if (type != BackboneInfo.ElementType.FLOAT32 && q != null && q.getScale() != null
        && q.getScale().length > 0) {
      scale = q.getScale()[0];
      zero = q.getZeroPoint() == null || q.getZeroPoint().length == 0
          ? 0 : (int) q.getZeroPoint()[0];
    }
    return new BackboneInfo.Output(nonNull(t.getName()), outputIndex, tensorIndex, size, type,
        scale, zero);
  }

  /** Appends {@code tensor} to subgraph 0's outputs and signatures; returns its output index. */
  private static int addOutput(ModelT m, SubGraphT g, int tensor) {
    int[] outputs = g.getOutputs();
    int[] extended = Arrays.copyOf(outputs, outputs.length + 1);
    extended[outputs.length] = tensor;
    g.setOutputs(extended);
    for (SignatureDefT sig : m.getSignatureDefs()) {
      if (sig.getSubgraphIndex() != 0) {
        continue;
      }
      TensorMapT[] maps = sig.getOutputs() == null ? new TensorMapT[0] : sig.getOutputs();
      Set<String> names = new HashSet<>();
      for (TensorMapT tm : maps) {
        names.add(tm.getName());
      }
      String name = EMBEDDING_SIGNATURE_NAME;
      for (int k = 1; names.contains(name); k++) {
        name = EMBEDDING_SIGNATURE_NAME + "_" + k;
      }
      TensorMapT map = new TensorMapT();
      map.setName(name);
      map.setTensorIndex(tensor);
      TensorMapT[] grown = Arrays.copyOf(maps, maps.length + 1);
      grown[maps.length] = map;
      sig.setOutputs(grown);
    }
    return outputs.length;
  }

  private static String opName(ModelT m, OperatorT op) {
    OperatorCodeT code = m.getOperatorCodes()[(int) op.getOpcodeIndex()];
    return ModelInspector.opName(Math.max(code.getDeprecatedBuiltinCode(), code.getBuiltinCode()));
  }

  private static IllegalArgumentException reject(String why) {
    return new IllegalArgumentException("cannot adapt this model as a backbone: " + why);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
