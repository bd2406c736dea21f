package org.snaptune.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.StringVector;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.snaptune.model.ModelVerifier;
import org.snaptune.runtime.SignatureRunner;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.SignatureDef;
import org.tensorflow.lite.schema.TensorMap;

/**
 * {@link SignatureRunner} on the desktop TFLite 2.19 runtime (org.bytedeco JavaCPP build, builtin
 * CPU kernels without default delegates: XNNPACK would refuse the dynamic tensors that variable
 * reads produce anyway, and plain kernels keep results reproducible). The model bytes are copied
 * to native memory and checked first by {@link ModelVerifier} (Java) and then by the TFLite
 * flatbuffer verifier (C++) before the interpreter touches
 * them; every name and size is validated in Java before native code sees it, so bad input gives
 * an {@link IllegalArgumentException}, not a native crash. Limit: TFLite's kernels trust the graph,
 * so a file that is structurally valid but deliberately wires operators wrongly (for example an
 * operator code swapped for one with another arity) can still crash at {@link #run}; load only
 * models this project wrote or adapted, or run untrusted ones in a separate process.
 *
 * <p>Ownership: the runner owns its native model copy, op resolver and interpreter; {@link
 * #close()} frees them (idempotent). Not thread-safe: confine a runner to one thread at a time.
 */
public final class HostSignatureRunner implements SignatureRunner {

  private static final int TFLITE_OK = 0;
  private static final int TFLITE_FLOAT32 = 1;

  private static final SignatureRunnerFactory FACTORY = HostSignatureRunner::open;

  private NativeModel loaded;
  private Interpreter interpreter;
  private final Map<String, Signature> signatures = new LinkedHashMap<>();
  private boolean closed;

  /** One signature's native runner and its input/output names (read once at load). */
  private static final class Signature {
    final org.bytedeco.tensorflowlite.SignatureRunner runner;
    final List<String> inputs;
    final List<String> outputs;
    boolean allocated;

    Signature(org.bytedeco.tensorflowlite.SignatureRunner runner, List<String> inputs,
        List<String> outputs) {
      this.runner = runner;
      this.inputs = Collections.unmodifiableList(inputs);
      this.outputs = Collections.unmodifiableList(outputs);
    }
  }

  private HostSignatureRunner() {}

  /** The factory of host runners; thread-safe. */
  public static SignatureRunnerFactory factory() {
    return FACTORY;
  }

  /**
   * Loads {@code modelBytes} (copied) with {@code numThreads} ≥ 1 CPU threads.
   *
   * @throws IllegalArgumentException if the bytes are not a valid TFLite model or use operators
   *     this runtime lacks, saying which
   */
  public static HostSignatureRunner open(byte[] modelBytes, int numThreads) {
    if (modelBytes == null) {
      throw new IllegalArgumentException("model bytes must not be null");
    }
    if (numThreads < 1) {
      throw new IllegalArgumentException("numThreads must be >= 1, got " + numThreads);
    }
    // Java first: it names the problem and its offset; the C++ verifier below is the backstop.
    ModelVerifier.verify(modelBytes);
    HostSignatureRunner r = new HostSignatureRunner();
    try {
      r.load(modelBytes, numThreads);
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private void load(byte[] bytes, int numThreads) {
    // No default delegates: see the class comment.
    loaded = NativeModel.load(bytes, numThreads, false);
    interpreter = loaded.interpreter();
    StringVector keys = interpreter.signature_keys();
    Model parsed = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    for (long i = 0; i < keys.size(); i++) {
      String key = keys.get(i).getString();
      org.bytedeco.tensorflowlite.SignatureRunner runner = interpreter.GetSignatureRunner(key);
      if (runner == null || runner.isNull()) {
        throw new IllegalArgumentException("signature '" + key + "' cannot be run");
      }
      // Names come from the file, never from the runtime's name arrays: those are indexed with
      // the subgraph's tensor count, which a hostile file can make exceed the map (SIGSEGV).
      SignatureDef def = definition(parsed, key);
      if (def == null) {
        throw new IllegalArgumentException("signature '" + key + "' is not in the file");
      }
      List<String> inputs = fileNames(def, true);
      List<String> outputs = fileNames(def, false);
      for (String name : inputs) {
        requireTensor(key, "input", name, runner.input_tensor(name));
      }
      for (String name : outputs) {
        requireTensor(key, "output", name, runner.output_tensor(name));
      }
      signatures.put(key, new Signature(runner, inputs, outputs));
    }
  }

  private static SignatureDef definition(Model model, String key) {
    for (int i = 0; i < model.signatureDefsLength(); i++) {
      SignatureDef def = model.signatureDefs(i);
      if (key.equals(def.signatureKey())) {
        return def;
      }
    }
    return null;
  }

  /** The signature's names in the order the file declares them (x, y, w). */
  private static List<String> fileNames(SignatureDef def, boolean inputs) {
    int n = inputs ? def.inputsLength() : def.outputsLength();
    List<String> ordered = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TensorMap map = inputs ? def.inputs(i) : def.outputs(i);
      ordered.add(map.name());
    }
    return ordered;
  }

  private static void requireTensor(String key, String kind, String name, Pointer tensor) {
    if (tensor == null || tensor.isNull()) {
      throw new IllegalArgumentException("signature '" + key + "' " + kind + " '" + name
          + "' has no tensor in the runtime");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("HostSignatureRunner is closed");
    }
  }

  private Signature signature(String key) {
    checkOpen();
    Signature s = key == null ? null : signatures.get(key);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown signature '" + key + "'; valid: " + signatures.keySet());
    }
    return s;
  }

  @Override
  public List<String> signatureKeys() {
    checkOpen();
    return Collections.unmodifiableList(new ArrayList<>(signatures.keySet()));
  }

  @Override
  public List<String> inputNames(String sig) {
    return signature(sig).inputs;
  }

  @Override
  public List<String> outputNames(String sig) {
    return signature(sig).outputs;
  }

  private TfLiteTensor inputTensor(Signature s, String sig, String input) {
    if (input == null || !s.inputs.contains(input)) {
      throw new IllegalArgumentException("signature '" + sig + "' has no input '" + input
          + "'; valid: " + s.inputs);
    }
    return s.runner.input_tensor(input);
  }

  @Override
  public int[] inputShape(String sig, String input) {
    Signature s = signature(sig);
    return dims(inputTensor(s, sig, input).dims());
  }

  @Override
  public void resizeInput(String sig, String input, int[] shape) {
    Signature s = signature(sig);
    TfLiteTensor t = inputTensor(s, sig, input);
    int[] current = dims(t.dims());
    int[] resizable = dims(t.dims_signature());
    if (resizable.length != current.length) {
      // No shape signature in the file: every dimension is fixed.
      resizable = current;
    }
    if (shape == null || shape.length != current.length) {
      throw new IllegalArgumentException("input '" + input + "' of '" + sig + "' has rank "
          + current.length + " (shape " + Arrays.toString(resizable) + ", -1 = resizable), got "
          + Arrays.toString(shape));
    }
    for (int i = 0; i < shape.length; i++) {
      boolean free = resizable[i] == -1;
      if (shape[i] < 1 || (!free && shape[i] != current[i])) {
        throw new IllegalArgumentException("cannot resize input '" + input + "' of '" + sig
            + "' to " + Arrays.toString(shape) + ": valid shapes are "
            + Arrays.toString(resizable) + " where only -1 dimensions may change, each >= 1");
      }
    }
    if (Arrays.equals(shape, current)) {
      return;
    }
    if (s.runner.ResizeInputTensorStrict(input, shape) != TFLITE_OK) {
      throw new IllegalArgumentException("TFLite refused to resize '" + input + "' of '" + sig
          + "' to " + Arrays.toString(shape));
    }
    s.allocated = false;
  }

  @Override
  public Map<String, float[]> run(String sig, Map<String, float[]> inputs) {
    return run(sig, inputs, (Collection<String>) null);
  }

  /** Copies out only {@code outputs} (null: all), saving the copies of the others. */
  @Override
  public Map<String, float[]> run(String sig, Map<String, float[]> inputs,
      Collection<String> outputs) {
    Signature s = signature(sig);
    if (outputs != null) {
      for (String name : outputs) {
        if (!s.outputs.contains(name)) {
          throw new IllegalArgumentException("signature '" + sig + "' has no output '" + name
              + "'; valid: " + s.outputs);
        }
      }
    }
    if (inputs == null) {
      throw new IllegalArgumentException("inputs must not be null; '" + sig + "' needs " + s.inputs);
    }
    for (String name : inputs.keySet()) {
      if (!s.inputs.contains(name)) {
        throw new IllegalArgumentException("signature '" + sig + "' has no input '" + name
            + "'; valid: " + s.inputs);
      }
    }
    for (String name : s.inputs) {
      if (inputs.get(name) == null) {
        throw new IllegalArgumentException("signature '" + sig + "' needs input '" + name
            + "'; all of " + s.inputs + " must be given");
      }
    }
    if (!s.allocated) {
      if (s.runner.AllocateTensors() != TFLITE_OK) {
        throw new IllegalArgumentException("TFLite could not allocate the tensors of '" + sig
            + "' (details on stderr)");
      }
      s.allocated = true;
    }
    for (String name : s.inputs) {
      TfLiteTensor t = s.runner.input_tensor(name);
      checkFloat(t, sig, "input", name);
      int[] shape = dims(t.dims());
      long expected = t.bytes() / 4;
      float[] values = inputs.get(name);
      if (values.length != expected) {
        throw new IllegalArgumentException("input '" + name + "' of '" + sig + "' needs "
            + expected + " floats (shape " + Arrays.toString(shape) + "), got " + values.length);
      }
      if (values.length > 0) {
        dataOf(t, sig, name).put(values, 0, values.length);
      }
    }
    if (s.runner.Invoke() != TFLITE_OK) {
      throw new IllegalStateException("TFLite failed to run signature '" + sig
          + "' (details on stderr)");
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String name : outputs == null ? s.outputs : outputs) {
      TfLiteTensor t = s.runner.output_tensor(name);
      checkFloat(t, sig, "output", name);
      float[] values = new float[(int) (t.bytes() / 4)];
      if (values.length > 0) {
        dataOf(t, sig, name).get(values, 0, values.length);
      }
      out.put(name, values);
    }
    return out;
  }

  /** The tensor's float data; never hands Java a null native address to write through. */
  private static FloatPointer dataOf(TfLiteTensor t, String sig, String name) {
    FloatPointer p = t.data() == null ? null : t.data().f();
    if (p == null || p.isNull()) {
      throw new IllegalStateException("tensor '" + name + "' of '" + sig + "' has no data buffer");
    }
    return new FloatPointer(p);
  }

  private static void checkFloat(TfLiteTensor t, String sig, String kind, String name) {
    if (t == null || t.isNull()) {
      throw new IllegalStateException(kind + " '" + name + "' of '" + sig + "' has no tensor");
    }
    if (t.type() != TFLITE_FLOAT32) {
      throw new IllegalArgumentException(kind + " '" + name + "' of '" + sig + "' has TFLite type "
          + t.type() + "; this runner passes float32 (type 1) tensors only");
    }
  }

  private static int[] dims(TfLiteIntArray a) {
    if (a == null || a.isNull()) {
      return new int[0];
    }
    int[] d = new int[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.data(i);
    }
    return d;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    signatures.clear();
    if (loaded != null) {
      loaded.close();
    }
  }
}
