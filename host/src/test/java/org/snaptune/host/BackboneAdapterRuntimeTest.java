package org.snaptune.host;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.Test;
import org.snaptune.image.InputSpec;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.BackboneInfo;
import org.snaptune.model.SharedModels;
import org.snaptune.model.SyntheticBackbone;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;

/**
 * The adapted model, run on the real TFLite runtime, gives the original model's outputs bit for
 * bit, and its extra output is the classifier's input: recomputing the classifier in Java from
 * that embedding reproduces the logits.
 */
public class BackboneAdapterRuntimeTest {

  /** A deterministic test picture: a colour gradient plus noise, 8-bit RGB. */
  static int[] picture(int w, int h, long seed) {
    Random rnd = new Random(seed);
    int[] rgb = new int[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = Math.min(255, x * 255 / w + rnd.nextInt(20));
        rgb[i + 1] = Math.min(255, y * 255 / h + rnd.nextInt(20));
        rgb[i + 2] = Math.min(255, 128 + rnd.nextInt(100));
      }
    }
    return rgb;
  }

  /** The picture encoded the way {@code spec} says the backbone wants it. */
  static byte[] encode(int[] rgb, InputSpec spec) {
    if (spec.dataType() == InputSpec.DataType.UINT8) {
      byte[] b = new byte[rgb.length];
      for (int i = 0; i < rgb.length; i++) {
        b[i] = (byte) spec.quantize(rgb[i]);
      }
      return b;
    }
    ByteBuffer b = ByteBuffer.allocate(rgb.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int p : rgb) {
      b.putFloat(spec.normalize(p));
    }
    return b.array();
  }

  /** Runs {@code model} on {@code input}; returns every output's raw bytes. */
  static byte[][] run(byte[] model, byte[] input) {
    try (HostInterpreter h = HostInterpreter.open(model, 1)) {
      h.setInput(0, input);
      h.run();
      byte[][] out = new byte[h.outputCount()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = h.outputBytes(i);
      }
      return out;
    }
  }

  private static float[] floats(BufferT b) {
    int[] data = b.getData();
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) data[i];
    }
    float[] f = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  /** Logits = W·e + b of the float classifier that reads {@code embeddingTensor}. */
  static float[] classifierLogits(byte[] model, int embeddingTensor, float[] e) {
    ModelT m = Model.getRootAsModel(ByteBuffer.wrap(model)).unpack();
    SubGraphT g = m.getSubgraphs()[0];
    for (OperatorT op : g.getOperators()) {
      int[] in = op.getInputs();
      boolean reads = in.length == 3 && (in[0] == embeddingTensor
          || producerInput(g, in[0]) == embeddingTensor);
      if (!reads) {
        continue;
      }
      float[] w = floats(m.getBuffers()[(int) g.getTensors()[in[1]].getBuffer()]);
      float[] b = floats(m.getBuffers()[(int) g.getTensors()[in[2]].getBuffer()]);
      float[] logits = new float[b.length];
      for (int c = 0; c < b.length; c++) {
        double s = b[c];
        for (int d = 0; d < e.length; d++) {
          s += (double) w[c * e.length + d] * e[d];
        }
        logits[c] = (float) s;
      }
      return logits;
    }
    throw new AssertionError("no classifier reads tensor " + embeddingTensor);
  }

  /** The input of the op producing {@code tensor} (a RESHAPE between pool and classifier). */
  private static int producerInput(SubGraphT g, int tensor) {
    for (OperatorT op : g.getOperators()) {
      if (op.getOutputs()[0] == tensor) {
        return op.getInputs()[0];
      }
    }
    return -1;
  }

  @Test
  public void syntheticVariantsKeepTheirOutputsAndExposeTheClassifierInput() {
    for (boolean q : new boolean[] {false, true}) {
      for (SyntheticBackbone.Classifier c : SyntheticBackbone.Classifier.values()) {
        for (SyntheticBackbone.Pooling p : SyntheticBackbone.Pooling.values()) {
          String variant = (q ? "uint8 " : "float ") + c + " " + p;
          byte[] original = new SyntheticBackbone().quantized(q).classifier(c).pooling(p)
              .softmax(false).build();
          BackboneAdapter.Result r = BackboneAdapter.adapt(original);
          BackboneInfo info = r.info();
          byte[] input = encode(picture(8, 8, 11), info.inputSpec());
          byte[][] before = run(original, input);
          byte[][] after = run(r.model(), input);
          assertEquals(variant, 1, before.length);
          assertEquals(variant, 2, after.length);
          assertArrayEquals(variant + ": logits unchanged", before[0], after[0]);
          float[] e = info.embedding().dequantize(after[1]);
          float max = 0;
          for (float v : e) {
            max = Math.max(max, Math.abs(v));
          }
          assertTrue(variant + ": embedding is not all zero", max > 0);
          if (!q) {
            float[] logits = info.logits().dequantize(after[0]);
            assertArrayEquals(variant, logits,
                classifierLogits(r.model(), info.embedding().tensorIndex(), e), 1e-4f);
          }
        }
      }
    }
  }

  @Test
  public void mobileNetV2QuantExposes1280AndKeepsItsLogits() throws Exception {
    byte[] original = SharedModels.read(SharedModels.MOBILENET_V2_QUANT);
    BackboneAdapter.Result r = BackboneAdapter.adapt(original);
    assertEquals(1280, r.info().embeddingSize());
    byte[] input = encode(picture(224, 224, 1), r.info().inputSpec());
    byte[][] before = run(original, input);
    byte[][] after = run(r.model(), input);
    assertArrayEquals("1001 uint8 scores unchanged", before[0], after[0]);
    assertEquals(1001, after[0].length);
    assertEquals(1280, after[1].length);
    float[] e = r.info().embedding().dequantize(after[1]);
    int nonZero = 0;
    for (float v : e) {
      assertTrue(v >= 0);
      nonZero += v > 0 ? 1 : 0;
    }
    assertTrue("a ReLU6 pooled embedding has many positive entries: " + nonZero, nonZero > 100);
  }

  @Test
  public void mobileNetV1FloatExposes256AndKeepsItsLogits() throws Exception {
    byte[] original = SharedModels.read(SharedModels.MOBILENET_V1_FLOAT);
    BackboneAdapter.Result r = BackboneAdapter.adapt(original);
    BackboneInfo info = r.info();
    assertEquals(256, info.embeddingSize());
    byte[] input = encode(picture(224, 224, 2), info.inputSpec());
    byte[][] before = run(original, input);
    byte[][] after = run(r.model(), input);
    assertArrayEquals("1001 float scores unchanged", before[0], after[0]);
    float[] e = info.embedding().dequantize(after[1]);
    float[] probs = info.logits().dequantize(after[0]);
    float[] logits = classifierLogits(r.model(), info.embedding().tensorIndex(), e);
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    for (int i = 0; i < probs.length; i++) {
      assertEquals("softmax(W·embedding + b) reproduces class " + i,
          Math.exp(logits[i] - max) / sum, probs[i], 1e-5);
    }
  }
}
