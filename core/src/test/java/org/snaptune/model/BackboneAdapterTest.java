package org.snaptune.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.snaptune.model.SyntheticBackbone.pack;
import static org.snaptune.model.SyntheticBackbone.unpack;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;
import org.snaptune.image.InputSpec;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorType;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.ModelMetadataT;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptionsT;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptionsUnion;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitT;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadataT;
import org.tensorflow.lite.support.metadata.schema.TensorMetadataT;

/** Structure of adapted models; the logits-unchanged checks run on the host runtime (host tests). */
public class BackboneAdapterTest {

  private static String rejection(byte[] model) {
    try {
      BackboneAdapter.adapt(model);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    fail("adapted a model it should reject");
    return null;
  }

  @Test
  public void exposesThePooledTensorOfEverySyntheticVariant() {
    for (boolean q : new boolean[] {false, true}) {
      for (SyntheticBackbone.Classifier c : SyntheticBackbone.Classifier.values()) {
        for (SyntheticBackbone.Pooling p : SyntheticBackbone.Pooling.values()) {
          for (boolean softmax : new boolean[] {false, true}) {
            SyntheticBackbone sb = new SyntheticBackbone().quantized(q).classifier(c).pooling(p)
                .softmax(softmax).channels(7).classes(4);
            String variant = q + " " + c + " " + p + " " + softmax;
            BackboneAdapter.Result r = BackboneAdapter.adapt(sb.build());
            BackboneInfo info = r.info();
            assertEquals(variant, 7, info.embeddingSize());
            assertEquals(variant, 4, info.logitsSize());
            assertEquals(variant, SyntheticBackbone.POOLED, info.embedding().name());
            assertEquals(variant, 1, info.embedding().outputIndex());
            assertEquals(variant, 0, info.logits().outputIndex());
            assertEquals(variant, softmax ? "probabilities" : "logits", info.logits().name());
            assertEquals(variant, p.name(), info.poolingOp());
            assertEquals(variant, c == SyntheticBackbone.Classifier.CONV_1X1
                ? "CONV_2D" : "FULLY_CONNECTED", info.classifierOp());
            ModelInspectorReport.Subgraph g =
                ModelInspector.inspect(r.model()).subgraphs().get(0);
            assertEquals(SyntheticBackbone.POOLED, g.tensors().get(g.outputs()[1]).name());
            assertEquals(info.logits().name(), g.tensors().get(g.outputs()[0]).name());
          }
        }
      }
    }
  }

  @Test
  public void reportsInputSpecAndEmbeddingQuantization() {
    BackboneInfo quant = BackboneAdapter.adapt(new SyntheticBackbone().quantized(true).build())
        .info();
    InputSpec in = quant.inputSpec();
    assertEquals(InputSpec.DataType.UINT8, in.dataType());
    assertEquals(8, in.width());
    assertEquals(128f, in.mean(), 0f);
    assertEquals(128f, in.std(), 0f);
    for (int p = 0; p < 256; p++) {
      assertEquals("uint8 pixels pass through unchanged", p, in.quantize(p));
    }
    assertEquals(BackboneInfo.ElementType.UINT8, quant.embedding().type());
    assertEquals(0.05f, quant.embedding().scale(), 0f);
    assertArrayEquals(new float[] {0f, 0.05f, 12.75f, 0.1f, 0f, 0f},
        quant.embedding().dequantize(new byte[] {0, 1, (byte) 255, 2, 0, 0}), 1e-6f);
    float[] fromBuffer = new float[6];
    quant.embedding().dequantize(ByteBuffer.wrap(new byte[] {0, 1, (byte) 255, 2, 0, 0}),
        fromBuffer);
    assertArrayEquals(new float[] {0f, 0.05f, 12.75f, 0.1f, 0f, 0f}, fromBuffer, 1e-6f);

    BackboneInfo flt = BackboneAdapter.adapt(new SyntheticBackbone().build()).info();
    assertEquals(InputSpec.DataType.FLOAT32, flt.inputSpec().dataType());
    assertEquals(127.5f, flt.inputSpec().mean(), 0f);
    assertEquals(127.5f, flt.inputSpec().std(), 0f);
    assertFalse(flt.normalisationFromMetadata());
    assertEquals(BackboneInfo.ElementType.FLOAT32, flt.embedding().type());
    ByteBuffer floats = ByteBuffer.allocate(4 * flt.embeddingSize())
        .order(ByteOrder.nativeOrder());
    for (int i = 0; i < flt.embeddingSize(); i++) {
      floats.putFloat(4 * i, i - 1.5f);
    }
    float[] realFloats = new float[flt.embeddingSize()];
    flt.embedding().dequantize(floats, realFloats);
    for (int i = 0; i < realFloats.length; i++) {
      assertEquals(i - 1.5f, realFloats[i], 0f);
    }
    assertTrue(flt.describe(), flt.describe().contains("assumed"));
  }

  /** A float backbone whose TFLite Support metadata normalises with {@code mean}, {@code std}. */
  private static byte[] withNormalisation(float[] mean, float[] std) {
    NormalizationOptionsT norm = new NormalizationOptionsT();
    norm.setMean(mean);
    norm.setStd(std);
    ProcessUnitOptionsUnion options = new ProcessUnitOptionsUnion();
    options.setType(ProcessUnitOptions.NormalizationOptions);
    options.setValue(norm);
    ProcessUnitT unit = new ProcessUnitT();
    unit.setOptions(options);
    TensorMetadataT input = new TensorMetadataT();
    input.setName("image");
    input.setProcessUnits(new ProcessUnitT[] {unit});
    SubGraphMetadataT sg = new SubGraphMetadataT();
    sg.setInputTensorMetadata(new TensorMetadataT[] {input});
    ModelMetadataT meta = new ModelMetadataT();
    meta.setName("synthetic");
    meta.setSubgraphMetadata(new SubGraphMetadataT[] {sg});
    FlatBufferBuilder fbb = new FlatBufferBuilder(256);
    ModelMetadata.finishModelMetadataBuffer(fbb, ModelMetadata.pack(fbb, meta));
    return withMetadataBytes(fbb.sizedByteArray());
  }

  private static byte[] withMetadataBytes(byte[] bytes) {
    ModelT m = unpack(new SyntheticBackbone().build());
    int[] data = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = bytes[i] & 0xFF;
    }
    BufferT buffer = new BufferT();
    buffer.setData(data);
    BufferT[] buffers = Arrays.copyOf(m.getBuffers(), m.getBuffers().length + 1);
    buffers[buffers.length - 1] = buffer;
    m.setBuffers(buffers);
    MetadataT md = new MetadataT();
    md.setName("TFLITE_METADATA");
    md.setBuffer(buffers.length - 1);
    m.setMetadata(new MetadataT[] {md});
    return pack(m);
  }

  @Test
  public void readsFloatNormalisationFromMetadataAndKeepsIt() {
    byte[] model = withNormalisation(new float[] {0f, 0f, 0f}, new float[] {255f, 255f, 255f});
    BackboneAdapter.Result r = BackboneAdapter.adapt(model);
    assertTrue(r.info().normalisationFromMetadata());
    assertEquals(0f, r.info().inputSpec().mean(), 0f);
    assertEquals(255f, r.info().inputSpec().std(), 0f);
    assertTrue(r.info().describe(), r.info().describe().contains("(from metadata)"));
    assertEquals("metadata survives the rewrite", Arrays.asList("TFLITE_METADATA"),
        ModelInspector.inspect(r.model()).metadataNames());

    String why = rejection(withNormalisation(new float[] {123.7f, 116.3f, 103.5f},
        new float[] {58.4f, 57.1f, 57.4f}));
    assertTrue(why, why.contains("different mean values"));
  }

  @Test
  public void malformedMetadataCountsAsAbsent() {
    Random rnd = new Random(3);
    for (int i = 0; i < 100; i++) {
      byte[] junk = new byte[rnd.nextInt(64)];
      rnd.nextBytes(junk);
      BackboneInfo info = BackboneAdapter.adapt(withMetadataBytes(junk)).info();
      assertFalse(info.normalisationFromMetadata());
      assertEquals(127.5f, info.inputSpec().mean(), 0f);
    }
  }

  @Test
  public void namesTheEmbeddingInExistingSignatures() {
    ModelT m = unpack(new SyntheticBackbone().build());
    SubGraphT g = m.getSubgraphs()[0];
    SignatureDefT sig = new SignatureDefT();
    sig.setSignatureKey("serving_default");
    TensorMapT in = new TensorMapT();
    in.setName("image");
    in.setTensorIndex(g.getInputs()[0]);
    TensorMapT out = new TensorMapT();
    out.setName("embedding");
    out.setTensorIndex(g.getOutputs()[0]);
    sig.setInputs(new TensorMapT[] {in});
    sig.setOutputs(new TensorMapT[] {out});
    m.setSignatureDefs(new SignatureDefT[] {sig});
    byte[] adapted = BackboneAdapter.adapt(pack(m)).model();
    ModelInspectorReport.Signature s = ModelInspector.inspect(adapted).signature("serving_default");
    assertEquals(2, s.outputs().size());
    assertEquals("name taken, so a suffix is added", Integer.valueOf(
        ModelInspector.inspect(adapted).subgraphs().get(0).outputs()[1]),
        s.outputs().get("embedding_1"));
  }

  @Test
  public void adaptingTwiceChangesNothing() {
    for (SyntheticBackbone.Classifier c : SyntheticBackbone.Classifier.values()) {
      BackboneAdapter.Result once = BackboneAdapter.adapt(new SyntheticBackbone().classifier(c)
          .build());
      BackboneAdapter.Result twice = BackboneAdapter.adapt(once.model());
      assertArrayEquals(once.model(), twice.model());
      assertEquals(once.info().toString(), twice.info().toString());
      assertEquals(1, twice.info().embedding().outputIndex());
      assertEquals(0, twice.info().logits().outputIndex());
    }
    // Outputs listed the other way round are recognised too.
    ModelT m = unpack(BackboneAdapter.adapt(new SyntheticBackbone().build()).model());
    SubGraphT g = m.getSubgraphs()[0];
    g.setOutputs(new int[] {g.getOutputs()[1], g.getOutputs()[0]});
    BackboneInfo swapped = BackboneAdapter.adapt(pack(m)).info();
    assertEquals(0, swapped.embedding().outputIndex());
    assertEquals(1, swapped.logits().outputIndex());
  }

  @Test
  public void rejectsModelsItCannotAdaptWithTheReason() {
    byte[] good = new SyntheticBackbone().build();

    ModelT m = unpack(good);
    m.getSubgraphs()[0].getTensors()[m.getSubgraphs()[0].getInputs()[0]].setType(TensorType.INT8);
    // The verifier sees the INT8 input feeding float weights before the adapter's own check.
    assertTrue(rejection(pack(m)), rejection(pack(m)).contains("input is INT8")
        || rejection(pack(m)).contains("is INT8 but"));

    m = unpack(good);
    m.getSubgraphs()[0].getTensors()[m.getSubgraphs()[0].getInputs()[0]]
        .setShape(new int[] {1, 8, 8, 1});
    // Again the verifier (channels against the convolution's weights) speaks first.
    assertTrue(rejection(pack(m)), rejection(pack(m)).contains("expected [1,height,width,3]")
        || rejection(pack(m)).contains("has 1 channels but its weights"));

    m = unpack(good);
    m.setSubgraphs(new SubGraphT[] {m.getSubgraphs()[0], m.getSubgraphs()[0]});
    assertTrue(rejection(pack(m)).contains("2 subgraphs"));

    // Output taken straight from the pooling op: no classifier to find.
    m = unpack(good);
    SubGraphT g = m.getSubgraphs()[0];
    g.setOutputs(new int[] {g.getOperators()[1].getOutputs()[0]});
    g.setOperators(java.util.Arrays.copyOf(g.getOperators(), 2)); // no dead operators left
    assertTrue(rejection(pack(m)), rejection(pack(m)).contains("comes from AVERAGE_POOL_2D"));

    // Classifier fed by the un-pooled feature map.
    m = unpack(good);
    g = m.getSubgraphs()[0];
    g.getOperators()[2].getInputs()[0] = g.getOperators()[0].getOutputs()[0];
    java.util.List<OperatorT> ops = new java.util.ArrayList<>(java.util.Arrays.asList(
        g.getOperators()));
    ops.remove(1); // the pooling op would be dead
    g.setOperators(ops.toArray(new OperatorT[0]));
    assertTrue(rejection(pack(m)), rejection(pack(m)).contains("input comes from CONV_2D"));

    // Two outputs that are not logits plus the embedding feeding them.
    m = unpack(good);
    g = m.getSubgraphs()[0];
    g.setOutputs(new int[] {g.getOutputs()[0], g.getOperators()[0].getOutputs()[0]});
    assertTrue(rejection(pack(m)), rejection(pack(m)).contains(
        "2 outputs, but not logits plus the pooled embedding"));

    assertTrue(rejection(new byte[] {0, 0, 0, 0}).contains("invalid .tflite"));
  }

  @Test
  public void adaptsTheSharedMobileNets() throws Exception {
    BackboneInfo v2 = BackboneAdapter.adapt(SharedModels.read(SharedModels.MOBILENET_V2_QUANT))
        .info();
    assertEquals(1280, v2.embeddingSize());
    assertEquals(1001, v2.logitsSize());
    assertEquals("MobilenetV2/Logits/AvgPool", v2.embedding().name());
    assertEquals(BackboneInfo.ElementType.UINT8, v2.embedding().type());
    assertEquals(0.02353f, v2.embedding().scale(), 1e-5f);
    assertEquals(224, v2.inputSpec().width());
    assertEquals(128f, v2.inputSpec().mean(), 1e-3f);
    assertEquals(128f, v2.inputSpec().std(), 1e-3f);

    BackboneInfo v1 = BackboneAdapter.adapt(SharedModels.read(SharedModels.MOBILENET_V1_FLOAT))
        .info();
    assertEquals(256, v1.embeddingSize());
    assertEquals(1001, v1.logitsSize());
    assertEquals("MobilenetV1/Logits/AvgPool_1a/AvgPool", v1.embedding().name());
    assertEquals(BackboneInfo.ElementType.FLOAT32, v1.embedding().type());
    assertEquals(InputSpec.DataType.FLOAT32, v1.inputSpec().dataType());
  }
}
