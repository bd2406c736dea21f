package org.snaptune.model;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * Writes a tiny image classifier for tests: input [1,S,S,3] → CONV_2D 3×3 (ReLU) → pooling
 * (AVERAGE_POOL_2D or MEAN) → classifier (1×1 CONV_2D + RESHAPE, or FULLY_CONNECTED) → optional
 * SOFTMAX; float32 or fully uint8-quantized. Weights come from a seeded Random.
 */
public final class SyntheticBackbone {

  public enum Classifier { CONV_1X1, FULLY_CONNECTED }
  public enum Pooling { AVERAGE_POOL_2D, MEAN }

  private int size = 8;
  private int channels = 6;
  private int classes = 5;
  private boolean quantized;
  private boolean softmax = true;
  private Classifier classifier = Classifier.CONV_1X1;
  private Pooling pooling = Pooling.AVERAGE_POOL_2D;
  private long seed = 1;

  public SyntheticBackbone quantized(boolean q) { quantized = q; return this; }
  public SyntheticBackbone softmax(boolean s) { softmax = s; return this; }
  public SyntheticBackbone classifier(Classifier c) { classifier = c; return this; }
  public SyntheticBackbone pooling(Pooling p) { pooling = p; return this; }
  public SyntheticBackbone channels(int d) { channels = d; return this; }
  public SyntheticBackbone classes(int c) { classes = c; return this; }
  public SyntheticBackbone size(int s) { size = s; return this; }
  public SyntheticBackbone seed(long s) { seed = s; return this; }

  public int embeddingSize() { return channels; }
  public int classes() { return classes; }
  public int imageSize() { return size; }
  /** Name of the pooled tensor the adapter must find. */
  public static final String POOLED = "backbone/pooled";

  private final List<TensorT> tensors = new ArrayList<>();
  private final List<BufferT> buffers = new ArrayList<>();
  private final List<OperatorT> ops = new ArrayList<>();
  private final List<OperatorCodeT> codes = new ArrayList<>();

  public byte[] build() {
    Random rnd = new Random(seed);
    buffers.add(new BufferT());
    byte act = quantized ? TensorType.UINT8 : TensorType.FLOAT32;
    int input = tensor("input", act, new int[] {1, size, size, 3}, null, 1 / 128f, 128);
    int convW = weights("backbone/conv/weights", new int[] {channels, 3, 3, 3}, rnd, 0.02f);
    int convB = bias("backbone/conv/bias", channels, rnd, 1 / 128f * 0.02f);
    int conv = tensor("backbone/conv", act, new int[] {1, size, size, channels}, null, 0.05f, 0);
    Conv2DOptionsT co = new Conv2DOptionsT();
    co.setPadding(Padding.SAME);
    co.setStrideW(1);
    co.setStrideH(1);
    co.setDilationWFactor(1);
    co.setDilationHFactor(1);
    co.setFusedActivationFunction(ActivationFunctionType.RELU);
    op(BuiltinOperator.CONV_2D, new int[] {input, convW, convB}, conv,
        BuiltinOptions.Conv2DOptions, co);

    int pooled;
    if (pooling == Pooling.AVERAGE_POOL_2D) {
      pooled = tensor(POOLED, act, new int[] {1, 1, 1, channels}, null, 0.05f, 0);
      Pool2DOptionsT po = new Pool2DOptionsT();
      po.setPadding(Padding.VALID);
      po.setStrideW(1);
      po.setStrideH(1);
      po.setFilterWidth(size);
      po.setFilterHeight(size);
      op(BuiltinOperator.AVERAGE_POOL_2D, new int[] {conv}, pooled,
          BuiltinOptions.Pool2DOptions, po);
    } else {
      int axes = constInts("backbone/mean_axes", new int[] {1, 2});
      pooled = tensor(POOLED, act, new int[] {1, 1, 1, channels}, null, 0.05f, 0);
      ReducerOptionsT ro = new ReducerOptionsT();
      ro.setKeepDims(true);
      op(BuiltinOperator.MEAN, new int[] {conv, axes}, pooled, BuiltinOptions.ReducerOptions, ro);
    }

    int logits;
    if (classifier == Classifier.CONV_1X1) {
      int w = weights("logits/conv/weights", new int[] {classes, 1, 1, channels}, rnd, 0.02f);
      int b = bias("logits/conv/bias", classes, rnd, 0.05f * 0.02f);
      int c4 = tensor("logits/conv", act, new int[] {1, 1, 1, classes}, null, 0.1f, 128);
      Conv2DOptionsT o = new Conv2DOptionsT();
      o.setPadding(Padding.VALID);
      o.setStrideW(1);
      o.setStrideH(1);
      o.setDilationWFactor(1);
      o.setDilationHFactor(1);
      op(BuiltinOperator.CONV_2D, new int[] {pooled, w, b}, c4, BuiltinOptions.Conv2DOptions, o);
      int shape = constInts("logits/shape", new int[] {1, classes});
      logits = tensor("logits", act, new int[] {1, classes}, null, 0.1f, 128);
      ReshapeOptionsT ro = new ReshapeOptionsT();
      ro.setNewShape(new int[] {1, classes});
      op(BuiltinOperator.RESHAPE, new int[] {c4, shape}, logits, BuiltinOptions.ReshapeOptions, ro);
    } else {
      int shape = constInts("backbone/flat_shape", new int[] {1, channels});
      int flat = tensor("backbone/flat", act, new int[] {1, channels}, null, 0.05f, 0);
      ReshapeOptionsT ro = new ReshapeOptionsT();
      ro.setNewShape(new int[] {1, channels});
      op(BuiltinOperator.RESHAPE, new int[] {pooled, shape}, flat, BuiltinOptions.ReshapeOptions,
          ro);
      int w = weights("logits/fc/weights", new int[] {classes, channels}, rnd, 0.02f);
      int b = bias("logits/fc/bias", classes, rnd, 0.05f * 0.02f);
      logits = tensor("logits", act, new int[] {1, classes}, null, 0.1f, 128);
      op(BuiltinOperator.FULLY_CONNECTED, new int[] {flat, w, b}, logits,
          BuiltinOptions.FullyConnectedOptions, new FullyConnectedOptionsT());
    }
    int output = logits;
    if (softmax) {
      output = tensor("probabilities", act, new int[] {1, classes}, null, 1 / 256f, 0);
      SoftmaxOptionsT so = new SoftmaxOptionsT();
      so.setBeta(1f);
      op(BuiltinOperator.SOFTMAX, new int[] {logits}, output, BuiltinOptions.SoftmaxOptions, so);
    }

    SubGraphT g = new SubGraphT();
    g.setName("main");
    g.setTensors(tensors.toArray(new TensorT[0]));
    g.setInputs(new int[] {input});
    g.setOutputs(new int[] {output});
    g.setOperators(ops.toArray(new OperatorT[0]));
    ModelT m = new ModelT();
    m.setVersion(3);
    m.setDescription("SnapTune synthetic test backbone");
    m.setOperatorCodes(codes.toArray(new OperatorCodeT[0]));
    m.setSubgraphs(new SubGraphT[] {g});
    m.setBuffers(buffers.toArray(new BufferT[0]));
    return pack(m);
  }

  /**
   * Packs {@code m} as it stands, with the TFL3 identifier: unlike the adapter's own packing it
   * does not tidy empty fields, so tests can build exactly the file they mean to feed.
   */
  static byte[] pack(ModelT m) {
    FlatBufferBuilder fbb = new FlatBufferBuilder(4096);
    Model.finishModelBuffer(fbb, Model.pack(fbb, m));
    return fbb.sizedByteArray();
  }

  /** The object form of {@code b}, for tests that edit a built model and pack it again. */
  static ModelT unpack(byte[] b) {
    return Model.getRootAsModel(ByteBuffer.wrap(b)).unpack();
  }

  private int tensor(String name, byte type, int[] shape, byte[] data, float scale, long zero) {
    TensorT t = new TensorT();
    t.setName(name);
    t.setType(type);
    t.setShape(shape);
    if (data != null) {
      BufferT b = new BufferT();
      int[] ints = new int[data.length];
      for (int i = 0; i < data.length; i++) {
        ints[i] = data[i] & 0xFF;
      }
      b.setData(ints);
      buffers.add(b);
      t.setBuffer(buffers.size() - 1);
    }
    if (quantized && type != TensorType.FLOAT32 && scale > 0) {
      QuantizationParametersT q = new QuantizationParametersT();
      q.setScale(new float[] {scale});
      q.setZeroPoint(new long[] {zero});
      t.setQuantization(q);
    }
    tensors.add(t);
    return tensors.size() - 1;
  }

  /** Random weights in [-1, 1) (float) or uint8 around zero point 128 with the given scale. */
  private int weights(String name, int[] shape, Random rnd, float qScale) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    ByteBuffer bb = ByteBuffer.allocate(n * (quantized ? 1 : 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      if (quantized) {
        bb.put((byte) (128 + rnd.nextInt(101) - 50));
      } else {
        bb.putFloat(rnd.nextFloat() * 2 - 1);
      }
    }
    return tensor(name, quantized ? TensorType.UINT8 : TensorType.FLOAT32, shape, bb.array(),
        qScale, 128);
  }

  private int bias(String name, int n, Random rnd, float qScale) {
    ByteBuffer bb = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      if (quantized) {
        bb.putInt(rnd.nextInt(201) - 100);
      } else {
        bb.putFloat(rnd.nextFloat() - 0.5f);
      }
    }
    return tensor(name, quantized ? TensorType.INT32 : TensorType.FLOAT32, new int[] {n},
        bb.array(), qScale, 0);
  }

  private int constInts(String name, int[] values) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      bb.putInt(v);
    }
    return tensor(name, TensorType.INT32, new int[] {values.length}, bb.array(), 0, 0);
  }

  private void op(int builtin, int[] inputs, int output, byte optionsType, Object options) {
    int index = -1;
    for (int i = 0; i < codes.size(); i++) {
      if (codes.get(i).getBuiltinCode() == builtin) {
        index = i;
      }
    }
    if (index < 0) {
      OperatorCodeT c = new OperatorCodeT();
      c.setBuiltinCode(builtin);
      c.setDeprecatedBuiltinCode((byte) Math.min(builtin, 127));
      c.setVersion(1);
      codes.add(c);
      index = codes.size() - 1;
    }
    OperatorT op = new OperatorT();
    op.setOpcodeIndex(index);
    op.setInputs(inputs);
    op.setOutputs(new int[] {output});
    BuiltinOptionsUnion u = new BuiltinOptionsUnion();
    u.setType(optionsType);
    u.setValue(options);
    op.setBuiltinOptions(u);
    ops.add(op);
  }
}
