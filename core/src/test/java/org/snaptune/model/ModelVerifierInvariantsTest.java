package org.snaptune.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.snaptune.model.SyntheticBackbone.pack;
import static org.snaptune.model.SyntheticBackbone.unpack;

import org.junit.Test;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * The semantic invariants of {@link ModelVerifier}: each case below is a mutant that passed the
 * structural checks and then crashed the native runtime (issue 14); each must now be refused with
 * a message naming the operator or tensor.
 */
public class ModelVerifierInvariantsTest {

  /** The byte of MobileNetV1 0.25 holding DEPTHWISE_CONV_2D op 15's input count (3: with bias). */
  static final int V1_DEPTHWISE_INPUT_COUNT = 0x1c93a8;

  private static String mustReject(byte[] bytes) {
    try {
      ModelVerifier.verify(bytes);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("invalid .tflite"));
      return e.getMessage();
    }
    fail("accepted a model that crashes the native runtime");
    return null;
  }

  @Test
  public void oneByteMobileNetV1MutantDroppingTheBiasIsRefused() throws Exception {
    byte[] model = SharedModels.read(SharedModels.MOBILENET_V1_FLOAT);
    ModelVerifier.verify(model);
    assertEquals(3, model[V1_DEPTHWISE_INPUT_COUNT]);
    byte[] mutant = model.clone();
    mutant[V1_DEPTHWISE_INPUT_COUNT] = 2;
    String why = mustReject(mutant);
    assertTrue(why, why.contains("subgraph 0 operator 15 (DEPTHWISE_CONV_2D) has 2 inputs;"
        + " it takes 3"));
  }

  @Test
  public void outputRetypedFromFloatToUint8IsRefused() {
    ModelT m = unpack(new SyntheticBackbone().build());
    SubGraphT g = m.getSubgraphs()[0];
    g.getTensors()[g.getOutputs()[0]].setType(TensorType.UINT8);
    String why = mustReject(pack(m));
    assertTrue(why, why.contains("(SOFTMAX)") && why.contains("UINT8"));
  }

  @Test
  public void quantizationRemovedFromAUint8TensorIsRefused() {
    ModelT m = unpack(new SyntheticBackbone().quantized(true).build());
    SubGraphT g = m.getSubgraphs()[0];
    g.getTensors()[g.getOperators()[0].getOutputs()[0]].setQuantization(null);
    assertTrue(mustReject(pack(m)).contains("UINT8 without quantization parameters"));

    m = unpack(new SyntheticBackbone().quantized(true).build());
    g = m.getSubgraphs()[0];
    QuantizationParametersT q = g.getTensors()[g.getOperators()[0].getOutputs()[0]]
        .getQuantization();
    q.setScale(new float[] {0f});
    assertTrue(mustReject(pack(m)).contains("quantization scale 0.0"));
    q.setScale(new float[] {Float.NaN});
    assertTrue(mustReject(pack(m)).contains("quantization scale NaN"));
  }

  @Test
  public void weightShapeShrunkUnderALargerBufferIsRefused() {
    ModelT m = unpack(new SyntheticBackbone().build());
    SubGraphT g = m.getSubgraphs()[0];
    TensorT weights = g.getTensors()[g.getOperators()[0].getInputs()[1]];
    int[] shape = weights.getShape().clone();
    shape[0] = 1;
    weights.setShape(shape);
    assertTrue(mustReject(pack(m)).contains("shape and data must agree"));

    // Shrunk together with its buffer: the bias no longer matches the output channels.
    int elements = 1;
    for (int d : shape) {
      elements *= d;
    }
    m.getBuffers()[(int) weights.getBuffer()].setData(new int[elements * 4]);
    assertTrue(mustReject(pack(m)).contains("one value per output channel"));
  }

  @Test
  public void missingOrRetypedConvolutionOperandsAreRefused() {
    ModelT m = unpack(new SyntheticBackbone().build());
    OperatorT conv = m.getSubgraphs()[0].getOperators()[0];
    conv.setInputs(new int[] {conv.getInputs()[0], conv.getInputs()[1], -1});
    assertTrue(mustReject(pack(m)).contains("input 2 is missing (-1)"));

    m = unpack(new SyntheticBackbone().build());
    SubGraphT g = m.getSubgraphs()[0];
    TensorT bias = g.getTensors()[g.getOperators()[0].getInputs()[2]];
    bias.setType(TensorType.INT32);
    assertTrue(mustReject(pack(m)).contains("bias (tensor"));
  }

  @Test
  public void resourceTensorsOutsideVariableOperatorsAreRefused() {
    ModelT m = unpack(new SyntheticBackbone().softmax(false).build());
    SubGraphT g = m.getSubgraphs()[0];
    g.getTensors()[g.getOutputs()[0]].setType(TensorType.RESOURCE);
    String why = mustReject(pack(m));
    assertTrue(why, why.contains("RESOURCE"));
  }

  @Test
  public void signatureWithFewerOutputsThanItsSubgraphIsRefused() {
    ModelT m = unpack(new SyntheticBackbone().build());
    SubGraphT g = m.getSubgraphs()[0];
    int pooled = g.getOperators()[1].getOutputs()[0];
    SignatureDefT sig = new SignatureDefT();
    sig.setSignatureKey("serving_default");
    sig.setInputs(new TensorMapT[] {map("x", g.getInputs()[0])});
    sig.setOutputs(new TensorMapT[] {map("y", g.getOutputs()[0])});
    m.setSignatureDefs(new SignatureDefT[] {sig});
    ModelVerifier.verify(pack(m));

    // One extra output in the subgraph: the runtime would read a name past the map's end.
    g.setOutputs(new int[] {g.getOutputs()[0], pooled});
    assertTrue(mustReject(pack(m)).contains("outputs map tensors"));

    g.setOutputs(new int[] {g.getOutputs()[0]});
    sig.setOutputs(new TensorMapT[] {map("y", g.getOutputs()[0]), map("y", pooled)});
    assertTrue(mustReject(pack(m)).contains("'y' appears twice"));
  }

  @Test
  public void deadOperatorsEmptyInputsAndOutOfRangeAxesAreRefused() {
    ModelT m = unpack(new SyntheticBackbone().build());
    SubGraphT g = m.getSubgraphs()[0];
    g.setOutputs(new int[] {g.getOperators()[2].getOutputs()[0]}); // RESHAPE, SOFTMAX now dead
    assertTrue(mustReject(pack(m)).contains("which no operator reads"));

    m = unpack(new SyntheticBackbone().build());
    g = m.getSubgraphs()[0];
    g.getTensors()[g.getInputs()[0]].setShape(new int[] {1, 0, 8, 3});
    assertTrue(mustReject(pack(m)).contains("an input needs every dimension >= 1"));

    m = unpack(new SyntheticBackbone().pooling(SyntheticBackbone.Pooling.MEAN).build());
    g = m.getSubgraphs()[0];
    TensorT axes = g.getTensors()[g.getOperators()[1].getInputs()[1]];
    int[] data = m.getBuffers()[(int) axes.getBuffer()].getData().clone();
    data[0] = 5; // axis 5 of a rank-4 input (little-endian int32)
    m.getBuffers()[(int) axes.getBuffer()].setData(data);
    assertTrue(mustReject(pack(m)).contains("reduces axis 5 of a rank-4 input"));
  }

  @Test
  public void compiledHeadsAndSharedBackbonesStillPass() throws Exception {
    ModelVerifier.verify(SharedModels.read(SharedModels.MOBILENET_V2_QUANT));
    ModelVerifier.verify(BackboneAdapter.adapt(SharedModels.read(SharedModels.MOBILENET_V2_QUANT))
        .model());
    ModelVerifier.verify(BackboneAdapter.adapt(SharedModels.read(SharedModels.MOBILENET_V1_FLOAT))
        .model());
  }

  private static TensorMapT map(String name, int index) {
    TensorMapT t = new TensorMapT();
    t.setName(name);
    t.setTensorIndex(index);
    return t;
  }
}
