package org.snaptune.tflite;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snaptune.runtime.SignatureRunner;
import org.tensorflow.lite.DataType;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.Tensor;

/**
 * {@link SignatureRunner} over {@link Interpreter#runSignature}: the phone's runtime. Inputs are
 * copied into direct, native-order buffers; outputs are read from the interpreter's tensors after the
 * run, so their size follows any resized input.
 *
 * <p>Not thread-safe: confine an instance to one thread at a time. It owns the interpreter and the
 * direct buffer holding the model; {@link #close()} frees both and is idempotent; every other method
 * throws {@link IllegalStateException} once closed.
 */
public final class AndroidSignatureRunner implements SignatureRunner {

  private final ByteBuffer model;
  private final Interpreter interpreter;
  private final List<String> keys;
  /** Shapes requested through resizeInput that the interpreter has not applied yet. */
  private final Map<String, int[]> pendingShapes = new HashMap<>();
  private boolean closed;

  /**
   * Loads a model from its bytes (copied).
   *
   * @throws IllegalArgumentException if the bytes are not a valid TFLite model, or numThreads &lt; 1
   */
  public AndroidSignatureRunner(byte[] modelBytes, int numThreads) {
    if (modelBytes == null || modelBytes.length == 0) {
      throw new IllegalArgumentException("model bytes are empty; pass the contents of a .tflite file");
    }
    if (numThreads < 1) {
      throw new IllegalArgumentException("numThreads must be >= 1, got " + numThreads);
    }
    model = ByteBuffer.allocateDirect(modelBytes.length).order(ByteOrder.nativeOrder());
    model.put(modelBytes).rewind();
    Interpreter.Options options = new Interpreter.Options().setNumThreads(numThreads);
    // Interpreter verifies the flatbuffer and throws IllegalArgumentException for invalid bytes.
    interpreter = new Interpreter(model, options);
    keys = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(interpreter.getSignatureKeys())));
  }

  @Override
  public List<String> signatureKeys() {
    checkOpen();
    return keys;
  }

  @Override
  public List<String> inputNames(String signature) {
    checkSignature(signature);
    return Collections.unmodifiableList(Arrays.asList(interpreter.getSignatureInputs(signature)));
  }

  @Override
  public List<String> outputNames(String signature) {
    checkSignature(signature);
    return Collections.unmodifiableList(Arrays.asList(interpreter.getSignatureOutputs(signature)));
  }

  @Override
  public int[] inputShape(String signature, String input) {
    checkInput(signature, input);
    int[] pending = pendingShapes.get(signature + "\u0000" + input);
    return pending != null ? pending.clone() : interpreter.getInputTensorFromSignature(input, signature).shape();
  }

  @Override
  public void resizeInput(String signature, String input, int[] shape) {
    checkInput(signature, input);
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException("shape for input '" + input + "' must have at least one dimension");
    }
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " for input '" + input
            + "' has a dimension < 1");
      }
    }
    pendingShapes.put(signature + "\u0000" + input, shape.clone());
  }

  @Override
  public Map<String, float[]> run(String signature, Map<String, float[]> inputs) {
    checkSignature(signature);
    if (inputs == null) {
      throw new IllegalArgumentException("inputs are null; expected " + inputNames(signature));
    }
    List<String> names = inputNames(signature);
    for (String given : inputs.keySet()) {
      if (!names.contains(given)) {
        throw new IllegalArgumentException("signature '" + signature + "' has no input '" + given
            + "'; its inputs are " + names);
      }
    }
    Map<String, Object> feed = new HashMap<>();
    for (String name : names) {
      float[] data = inputs.get(name);
      if (data == null) {
        throw new IllegalArgumentException("missing input '" + name + "' for signature '" + signature + "'");
      }
      int[] shape = inputShape(signature, name);
      long expected = 1;
      for (int d : shape) {
        expected *= d;
      }
      if (data.length != expected) {
        throw new IllegalArgumentException("input '" + name + "' has " + data.length + " values; shape "
            + Arrays.toString(shape) + " needs " + expected);
      }
      Tensor tensor = interpreter.getInputTensorFromSignature(name, signature);
      if (tensor.dataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException("input '" + name + "' is " + tensor.dataType()
            + "; SignatureRunner passes float32 only");
      }
      // The Java API resizes a signature input only when handed an array of the new shape.
      feed.put(name, Arrays.equals(tensor.shape(), shape) ? direct(data) : nested(data, shape));
    }
    interpreter.runSignature(feed, new HashMap<String, Object>(), signature);
    pendingShapes.keySet().removeIf(k -> k.startsWith(signature + "\u0000"));
    Map<String, float[]> result = new LinkedHashMap<>();
    for (String name : outputNames(signature)) {
      Tensor out = interpreter.getOutputTensorFromSignature(name, signature);
      if (out.dataType() != DataType.FLOAT32) {
        throw new IllegalStateException("output '" + name + "' is " + out.dataType() + ", not float32");
      }
      float[] values = new float[out.numElements()];
      out.asReadOnlyBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(values);
      result.put(name, values);
    }
    return result;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      interpreter.close();
    }
  }

  private static ByteBuffer direct(float[] data) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(data.length * 4).order(ByteOrder.nativeOrder());
    FloatBuffer floats = buffer.asFloatBuffer();
    floats.put(data);
    return buffer;
  }

  private static Object nested(float[] data, int[] shape) {
    Object array = Array.newInstance(float.class, shape);
    fill(array, data, 0, shape, 0);
    return array;
  }

  private static int fill(Object array, float[] data, int offset, int[] shape, int dim) {
    if (dim == shape.length - 1) {
      System.arraycopy(data, offset, (float[]) array, 0, shape[dim]);
      return offset + shape[dim];
    }
    for (int i = 0; i < shape[dim]; i++) {
      offset = fill(Array.get(array, i), data, offset, shape, dim + 1);
    }
    return offset;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("AndroidSignatureRunner is closed");
    }
  }

  private void checkSignature(String signature) {
    checkOpen();
    if (!keys.contains(signature)) {
      throw new IllegalArgumentException("unknown signature '" + signature + "'; the model has " + keys);
    }
  }

  private void checkInput(String signature, String input) {
    List<String> names = inputNames(signature);
    if (!names.contains(input)) {
      throw new IllegalArgumentException("signature '" + signature + "' has no input '" + input
          + "'; its inputs are " + names);
    }
  }
}
