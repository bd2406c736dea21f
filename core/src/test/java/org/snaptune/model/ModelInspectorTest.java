package org.snaptune.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class ModelInspectorTest {

  private static List<String> opNames(ModelInspectorReport.Subgraph g) {
    List<String> names = new ArrayList<>();
    for (ModelInspectorReport.Op op : g.ops()) {
      names.add(op.name());
    }
    return names;
  }

  @Test
  public void listsTensorsOpsAndQuantizationOfASyntheticModel() {
    byte[] bytes = new SyntheticBackbone().quantized(true).build();
    ModelInspectorReport r = ModelInspector.inspect(bytes);
    assertEquals(3, r.version());
    assertEquals(bytes.length, r.sizeBytes());
    assertEquals("SnapTune synthetic test backbone", r.description());
    assertEquals(1, r.subgraphs().size());
    assertTrue(r.signatures().isEmpty());
    ModelInspectorReport.Subgraph g = r.subgraphs().get(0);
    assertEquals("main", g.name());
    assertEquals(Arrays.asList("CONV_2D", "AVERAGE_POOL_2D", "CONV_2D", "RESHAPE", "SOFTMAX"),
        opNames(g));
    ModelInspectorReport.Tensor in = g.tensors().get(g.inputs()[0]);
    assertEquals("input", in.name());
    assertEquals("UINT8", in.type());
    assertArrayEquals(new int[] {1, 8, 8, 3}, in.shape());
    assertArrayEquals(new float[] {1 / 128f}, in.scale(), 0f);
    assertArrayEquals(new long[] {128}, in.zeroPoint());
    ModelInspectorReport.Tensor weights = g.tensors().get(g.ops().get(0).inputs()[1]);
    assertEquals(6 * 3 * 3 * 3, weights.bufferBytes());
    ModelInspectorReport.Tensor out = g.tensors().get(g.outputs()[0]);
    assertEquals("probabilities", out.name());
    assertEquals("#" + out.index() + " \"probabilities\" UINT8 [1,5] q(scale=0.00390625, zero=0)",
        out.toString());
    String text = r.format();
    assertTrue(text, text.contains("AVERAGE_POOL_2D v1"));
    assertTrue(text, text.contains("\"backbone/pooled\" UINT8 [1,1,1,6]"));
  }

  @Test
  public void listsSignaturesOfAnAdaptedModel() {
    byte[] adapted = BackboneAdapter.adapt(new SyntheticBackbone().build()).model();
    ModelInspectorReport r = ModelInspector.inspect(adapted);
    assertEquals(2, r.subgraphs().get(0).outputs().length);
    try {
      r.signature("serving_default");
      fail("no signatures expected");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("[]"));
    }
  }

  @Test
  public void inspectsTheSharedMobileNetV2() throws Exception {
    ModelInspectorReport r =
        ModelInspector.inspect(SharedModels.read(SharedModels.MOBILENET_V2_QUANT));
    ModelInspectorReport.Subgraph g = r.subgraphs().get(0);
    boolean found = false;
    for (ModelInspectorReport.Tensor t : g.tensors()) {
      if (t.name().equals("MobilenetV2/Logits/AvgPool")) {
        found = true;
        assertArrayEquals(new int[] {1, 1, 1, 1280}, t.shape());
        assertEquals(0.02353, t.scale()[0], 1e-5);
      }
    }
    assertTrue(found);
    assertTrue(opNames(g).contains("DEPTHWISE_CONV_2D"));
    assertEquals("UINT8", g.tensors().get(g.inputs()[0]).type());
  }

  @Test
  public void rejectsInvalidBytesBeforeReading() {
    try {
      ModelInspector.inspect(new byte[] {1, 2, 3});
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("invalid .tflite"));
    }
  }
}
