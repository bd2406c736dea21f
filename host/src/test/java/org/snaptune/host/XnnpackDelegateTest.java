package org.snaptune.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;

import java.nio.ByteBuffer;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.junit.Test;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.SharedModels;
import org.snaptune.model.SyntheticBackbone;
import org.snaptune.settings.Delegate;

/**
 * The host runtime runs quantized backbones through XNNPACK (its QS8/QU8 paths, which the
 * bytedeco build leaves off by default) and gets the same answers as TFLite's builtin kernels.
 */
public class XnnpackDelegateTest {

  @Test
  public void uint8MobileNetRunsItsConvolutionsOnXnnpackWithTheBuiltinKernelsAnswers()
      throws Exception {
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(
        SharedModels.read(SharedModels.MOBILENET_V2_QUANT));
    byte[] picture = new byte[adapted.info().inputSpec().byteSize()];
    new Random(7).nextBytes(picture);
    int d = adapted.info().embeddingSize();
    int outIndex = adapted.info().embedding().outputIndex();

    byte[] fast;
    byte[] reference;
    try (NativeModel x = NativeModel.loadWithXnnpack(adapted.model(), 1)) {
      assertNull(x.fallbackReason());
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("XNNPACK (\\d+)/(\\d+) ops").matcher(x.engine());
      assertTrue(x.engine(), m.matches());
      int ops = Integer.parseInt(m.group(2));
      // Every quantized convolution is XNNPACK's; only the uint8 AVERAGE_POOL_2D (XNNPACK
      // pools float only) stays on the builtin kernels.
      assertEquals(x.engine(), ops - 1, Integer.parseInt(m.group(1)));
      assertTrue(ops > 60);
      fast = run(x.interpreter(), picture, outIndex, d);
    }
    try (NativeModel plain = NativeModel.load(adapted.model(), 1, false)) {
      reference = run(plain.interpreter(), picture, outIndex, d);
    }
    // XNNPACK requantizes in fp32, the builtin kernels in fixed point: after ~60 layers single
    // values move by a few steps, the embedding as a whole does not.
    double dot = 0;
    double nf = 0;
    double nr = 0;
    int maxDiff = 0;
    for (int i = 0; i < d; i++) {
      double f = (fast[i] & 0xff) - adapted.info().embedding().zeroPoint();
      double r = (reference[i] & 0xff) - adapted.info().embedding().zeroPoint();
      dot += f * r;
      nf += f * f;
      nr += r * r;
      maxDiff = Math.max(maxDiff, Math.abs((fast[i] & 0xff) - (reference[i] & 0xff)));
    }
    double cosine = dot / Math.sqrt(nf * nr);
    assertTrue("cosine " + cosine + ", largest difference " + maxDiff + " steps",
        cosine > 0.995);
  }

  private static byte[] run(Interpreter it, byte[] picture, int outIndex, int bytes) {
    assertEquals(0, it.AllocateTensors());
    ByteBuffer in = new BytePointer(TfLiteTensorData(it.input_tensor(0)))
        .capacity(picture.length).asByteBuffer();
    in.put(picture);
    assertEquals(0, it.Invoke());
    byte[] out = new byte[bytes];
    new BytePointer(TfLiteTensorData(it.output_tensor(outIndex))).capacity(bytes).get(out);
    return out;
  }

  @Test
  public void backboneRunnerNamesXnnpackOnItsEngineLine() {
    SyntheticBackbone sb = new SyntheticBackbone();
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(sb.build());
    try (HostBackboneRunner r = HostBackboneRunner.open(adapted.model(), adapted.info(),
        Delegate.CPU, 2)) {
      assertEquals("host CPU (XNNPACK), 2 threads", r.description());
      assertTrue(r.engineDetail(), r.engineDetail().matches("XNNPACK \\d+/\\d+ ops"));
      assertNull(r.fallbackReason());
    }
  }

  @Test
  public void aModelXnnpackRefusesFallsBackToWorkingBuiltinKernelsAndSaysWhy() {
    // A trainable head: resource variables and a dynamic batch, which XNNPACK refuses.
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(6).setNumClasses(3).setBatchSize(4)
        .build();
    try (NativeModel m = NativeModel.loadWithXnnpack(HeadCompiler.compile(spec), 1)) {
      assertEquals("builtin kernels", m.engine());
      assertTrue(m.fallbackReason(), m.fallbackReason().startsWith(
          "XNNPACK could not take this model (TFLite status "));
      assertTrue(m.fallbackReason().endsWith("running on the builtin kernels"));
      // The rebuilt interpreter works: subgraph 0 (infer) gives probabilities.
      Interpreter it = m.interpreter();
      assertEquals(0, it.AllocateTensors());
      assertEquals(0, it.Invoke());
      FloatPointer p = new FloatPointer(TfLiteTensorData(it.output_tensor(0))).capacity(3);
      float sum = p.get(0) + p.get(1) + p.get(2);
      assertEquals(1f, sum, 1e-5f);
    }
  }

  @Test
  public void delegateRejectsBadThreadsAndClosesOnce() {
    try {
      XnnpackDelegate.create(0);
      fail("0 threads");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains(">= 1"));
    }
    XnnpackDelegate d = XnnpackDelegate.create(2);
    assertTrue(!d.delegate().isNull());
    d.close();
    d.close();
    try {
      d.delegate();
      fail("closed");
    } catch (IllegalStateException expected) {
      assertEquals("the XNNPACK delegate is closed", expected.getMessage());
    }
  }
}
