package org.snaptune.isolation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.snaptune.model.ModelVerifier;
import org.tensorflow.lite.Interpreter;

/**
 * The phone's trial: the Java verifier, then TFLite with XNNPACK (as the camera screen runs a
 * backbone) on noise inputs, once. Stateless and thread-safe; meant to run only inside
 * {@link ModelTrialService}'s isolated process.
 */
final class AndroidModelTrial implements ModelTrialRunner {

  @Override
  public String run(byte[] model) {
    ModelVerifier.verify(model);
    ByteBuffer bytes = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
    bytes.put(model).rewind();
    Interpreter.Options options = new Interpreter.Options().setNumThreads(1).setUseXNNPACK(true);
    try (Interpreter it = new Interpreter(bytes, options)) {
      Random noise = new Random(1);
      Object[] inputs = new Object[it.getInputTensorCount()];
      for (int i = 0; i < inputs.length; i++) {
        ByteBuffer in = ByteBuffer.allocateDirect(it.getInputTensor(i).numBytes())
            .order(ByteOrder.nativeOrder());
        while (in.hasRemaining()) {
          in.put((byte) (noise.nextInt(64))); // small bytes: finite floats, valid uint8
        }
        in.rewind();
        inputs[i] = in;
      }
      Map<Integer, Object> outputs = new HashMap<>();
      for (int o = 0; o < it.getOutputTensorCount(); o++) {
        outputs.put(o, ByteBuffer.allocateDirect(it.getOutputTensor(o).numBytes())
            .order(ByteOrder.nativeOrder()));
      }
      it.runForMultipleInputsOutputs(inputs, outputs);
      return "TensorFlow Lite loaded and ran the model once";
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("TensorFlow Lite refuses this model: " + e.getMessage(),
          e);
    }
  }
}
