package org.snaptune.vision;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.image.Nv21Frames;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.settings.Delegate;

/** The camera pipeline on the real host runtime with the real MobileNetV2 quant backbone. */
public class FrameClassifierHostTest {

  private static BackboneAdapter.Result adapted;
  private static List<String> labels;
  private static FrameClassifier classifier;

  @BeforeClass
  public static void load() throws IOException {
    File models = new File(System.getProperty("snaptune.shared.models", "../../shared/models"));
    File model = new File(models, "mobilenet_v2_1.0_224_quant.tflite");
    Assume.assumeTrue("shared models absent: " + model, model.isFile());
    adapted = BackboneAdapter.adapt(Files.readAllBytes(model.toPath()));
    labels = Files.readAllLines(new File(models, "imagenet_labels.txt").toPath(),
        StandardCharsets.UTF_8);
    classifier = new FrameClassifier(HostBackboneRunner.open(adapted.model(), adapted.info(),
        Delegate.CPU, 2), labels);
  }

  @AfterClass
  public static void close() {
    if (classifier != null) {
      classifier.close();
    }
  }

  @Test
  public void rotatedCameraFrameMatchesTheUprightPicture() {
    int w = 320;
    int h = 240;
    int[] upright = blocks(new Random(4), h, w); // an upright picture, h wide and w tall
    // The sensor saw it turned a quarter counter-clockwise; orientation 90 turns it back.
    int[] sensor = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // Upright (ux, uy) = (h - 1 - y, x): the clockwise turn of sensor pixel (x, y).
        sensor[y * w + x] = upright[x * h + (h - 1 - y)];
      }
    }
    Classification fromCamera = classifier.classify(Nv21Frames.fromArgb(sensor, w, h), 90);
    float[] cameraEmbedding = new float[classifier.embeddingSize()];
    classifier.copyLastEmbedding(cameraEmbedding);

    Classification fromPicture = classifier.classifyArgb(upright, h, w, 0);
    float[] pictureEmbedding = new float[classifier.embeddingSize()];
    classifier.copyLastEmbedding(pictureEmbedding);

    assertEquals(Classification.Source.IMAGENET, fromCamera.source());
    assertEquals(3, fromCamera.predictions().size());
    assertEquals(fromPicture.best().label(), fromCamera.best().label());
    assertTrue("cosine " + cosine(cameraEmbedding, pictureEmbedding),
        cosine(cameraEmbedding, pictureEmbedding) > 0.98);

    // The wrong orientation sees a different picture: the check above is not vacuous.
    classifier.classify(Nv21Frames.fromArgb(sensor, w, h), 270);
    float[] wrong = new float[classifier.embeddingSize()];
    classifier.copyLastEmbedding(wrong);
    assertTrue(cosine(wrong, pictureEmbedding) < cosine(cameraEmbedding, pictureEmbedding));
  }

  @Test
  public void imagenetPredictionsAreLabelledProbabilities() {
    Classification c = classifier.classifyArgb(blocks(new Random(8), 224, 224), 224, 224, 0);
    float previous = 1f;
    for (Prediction p : c.predictions()) {
      assertEquals(labels.get(p.index()), p.label());
      assertTrue(p.probability() >= 0 && p.probability() <= previous);
      previous = p.probability();
    }
    assertTrue(c.backboneMillis() > 0);
    assertTrue(classifier.backbone().description().startsWith("host CPU"));
  }

  @Test
  public void aTrainedHeadTakesOverAndCanBeRemoved() {
    int d = adapted.info().embeddingSize();
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(d).setNumClasses(3).setBatchSize(4)
        .build();
    classifier.setHead(HostSignatureRunner.open(HeadCompiler.compile(spec), 1),
        Arrays.asList("mug", "plant", "keys"));
    Classification c = classifier.classifyArgb(blocks(new Random(1), 100, 100), 100, 100, 0);
    assertEquals(Classification.Source.PERSONAL, c.source());
    assertTrue(classifier.personalised());
    assertEquals(3, c.predictions().size());
    double sum = 0;
    for (Prediction p : c.predictions()) {
      assertTrue(Arrays.asList("mug", "plant", "keys").contains(p.label()));
      sum += p.probability();
    }
    assertEquals(1.0, sum, 1e-4);

    classifier.setHead(null, null);
    assertEquals(Classification.Source.IMAGENET,
        classifier.classifyArgb(new int[4], 2, 2, 0).source());
    assertFalse(classifier.personalised());
  }

  @Test
  public void aHeadForAnotherEmbeddingSizeIsRejected() {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(7).setNumClasses(2).setBatchSize(2)
        .build();
    try {
      classifier.setHead(HostSignatureRunner.open(HeadCompiler.compile(spec), 1),
          Arrays.asList("a", "b"));
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("embedding has 1280 values"));
    }
  }

  @Test
  public void hostRunnerRejectsBadInputAndWorksOnlyWhileOpen() {
    try {
      HostBackboneRunner.open(new byte[] {1, 2, 3}, adapted.info(), Delegate.CPU, 1);
      fail("three bytes are not a model");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage() != null);
    }
    HostBackboneRunner runner = HostBackboneRunner.open(adapted.model(), adapted.info(),
        Delegate.GPU, 1);
    assertEquals("the host runtime has no GPU delegate", runner.fallbackReason());
    assertEquals(adapted.info().inputSpec().byteSize(), runner.input().capacity());
    try {
      runner.run(new float[3], new float[adapted.info().embeddingSize()]);
      fail("wrong logits length");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains("1001 logits"));
    }
    runner.close();
    runner.close();
    try {
      runner.input();
      fail("closed");
    } catch (IllegalStateException expected) {
      assertEquals("HostBackboneRunner is closed", expected.getMessage());
    }
  }

  /** Random coloured 16-pixel blocks: structure a backbone responds to, reproducible. */
  static int[] blocks(Random random, int w, int h) {
    int[] argb = new int[w * h];
    int bw = (w + 15) / 16;
    int[] colours = new int[bw * ((h + 15) / 16)];
    for (int i = 0; i < colours.length; i++) {
      colours[i] = 0xff000000 | random.nextInt(0x1000000);
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        argb[y * w + x] = colours[(y / 16) * bw + x / 16];
      }
    }
    return argb;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb + 1e-12);
  }
}
