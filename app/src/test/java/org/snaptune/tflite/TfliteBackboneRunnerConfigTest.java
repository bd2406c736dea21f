package org.snaptune.tflite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tensorflow.lite.gpu.GpuDelegateFactory;

/**
 * The GPU delegate options the phone runner sets (no device needed: the options are plain Java
 * until a delegate is built from them).
 */
public class TfliteBackboneRunnerConfigTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void productionOptionsWithAKernelCacheKeyedByTheModel() throws IOException {
    File cache = new File(tmp.getRoot(), "gpu-kernels");
    TfliteBackboneRunner.Config config = TfliteBackboneRunner.Config.builder()
        .optGpuFp16(false).optKernelCacheDir(cache).build();
    GpuDelegateFactory.Options options = new GpuDelegateFactory.Options();
    byte[] model = {1, 2, 3};
    assertEquals(", kernel cache", TfliteBackboneRunner.gpuOptions(options, config, model));
    assertEquals(GpuDelegateFactory.Options.INFERENCE_PREFERENCE_SUSTAINED_SPEED,
        options.getInferencePreference());
    assertFalse("fp16 not accepted, so fp32", options.isPrecisionLossAllowed());
    assertTrue(options.areQuantizedModelsAllowed());
    assertTrue("the cache directory is created", cache.isDirectory());
    assertEquals(cache.getAbsolutePath(), options.getSerializationDir());
    assertEquals(TfliteBackboneRunner.modelToken(model), options.getModelToken());
    // Another backbone gets another token, so it never loads these kernels.
    assertNotEquals(TfliteBackboneRunner.modelToken(model),
        TfliteBackboneRunner.modelToken(new byte[] {1, 2, 4}));
    assertTrue(options.getModelToken().matches("snaptune-backbone-[0-9a-f]{32}"));
  }

  @Test
  public void defaultsAllowFp16AndNoCache() {
    TfliteBackboneRunner.Config config = TfliteBackboneRunner.Config.builder().build();
    GpuDelegateFactory.Options options = new GpuDelegateFactory.Options();
    assertEquals("", TfliteBackboneRunner.gpuOptions(options, config, new byte[] {9}));
    assertTrue(options.isPrecisionLossAllowed());
    assertEquals(null, options.getSerializationDir());
  }

  @Test
  public void aCacheDirThatIsAFileIsRefused() throws IOException {
    File file = tmp.newFile("not-a-dir");
    try {
      TfliteBackboneRunner.Config.builder().optKernelCacheDir(file).build();
      fail("a file is not a cache directory");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains("is a file"));
    }
  }
}
