package org.snaptune.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.snaptune.cli.CliRun.number;
import static org.snaptune.cli.CliRun.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.settings.TrainingSettings;

/**
 * {@code train --classifier auto|prototype|head} with no other flags: the app's defaults, the
 * choice with both accuracies and the trust report in the JSON, bad samples refused with exit 2.
 */
public class TrainClassifierCliTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final String[] NAMES = {"keys", "wallet", "mug"};

  /**
   * Classes told apart only by value 0 (0, 3, 6 ± 0.15), 15 other values of shared noise (σ 2):
   * the trained head beats the prototypes.
   */
  private Path csv(String name, int perClass, long seed, boolean duplicateFirst)
      throws Exception {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    float[] first = null;
    for (int i = 0; i < perClass * 3; i++) {
      float[] e = new float[16];
      e[0] = 3 * (i % 3) + (float) r.nextGaussian() * 0.15f;
      for (int j = 1; j < e.length; j++) {
        e[j] = 2 + (float) r.nextGaussian() * 2f;
      }
      first = first == null ? e : first;
      EmbeddingCsv.appendRow(sb, NAMES[i % 3], e);
    }
    if (duplicateFirst) {
      EmbeddingCsv.appendRow(sb, NAMES[1], first);
    }
    Path p = tmp.getRoot().toPath().resolve(name);
    Files.write(p, sb.toString().getBytes(StandardCharsets.UTF_8));
    return p;
  }

  @Test
  public void autoWithNoFlagsUsesTheAppDefaultsKeepsTheBetterOneAndReportsBoth()
      throws Exception {
    Path train = csv("train.csv", 24, 1, false);
    Path eval = csv("eval.csv", 30, 2, false);
    Path json = tmp.getRoot().toPath().resolve("out.json");
    String[] o = run(0, "train", "--train", train.toString(), "--eval", eval.toString(),
        "--json", json.toString());
    assertTrue(o[0], o[0].contains("samples: all 72 samples train"));
    assertTrue(o[0], o[0].contains("classifier: HEAD: the trained head is more accurate"));
    String j = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
    assertTrue(j, j.contains("\"classifier\": \"head\""));
    assertTrue(j, j.contains("\"classifier_requested\": \"auto\""));
    assertEquals("the app's step budget", TrainingSettings.DEFAULT_STEPS, number(j, "steps"), 0);
    assertTrue(j, j.contains("\"status\": \"COMPLETED\""));
    double head = number(j, "head_heldout_accuracy");
    double proto = number(j, "prototype_heldout_accuracy");
    assertTrue(j, head > proto);
    assertTrue(j, number(j, "head_eval_accuracy") > number(j, "prototype_eval_accuracy"));
    assertEquals(number(j, "head_eval_accuracy"), number(j, "eval_accuracy"), 0);
    assertTrue(j, j.contains("\"heldout_method\": \"5-fold cross-validation, 72 of 72 samples"));
    assertTrue(j, j.contains("\"measured\": true"));
    assertTrue(number(j, "expected_calibration_error") >= 0);
    assertTrue(j, j.contains("\"sample_counts\": [24, 24, 24]"));
    assertTrue(j, j.contains("\"hints\": ["));
    assertTrue("clip rate under 30 %", number(j, "clipped_steps") < 0.3 * number(j, "steps"));
  }

  @Test
  public void prototypeTrainsNothingAndHeadIsKeptWhenForced() throws Exception {
    Path train = csv("train.csv", 10, 1, false);
    Path eval = csv("eval.csv", 10, 2, false);
    Path json = tmp.getRoot().toPath().resolve("p.json");
    String[] o = run(0, "train", "--train", train.toString(), "--eval", eval.toString(),
        "--classifier", "prototype", "--json", json.toString());
    assertFalse(o[0], o[0].contains("training "));
    String j = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
    assertTrue(j, j.contains("\"classifier\": \"prototype\""));
    assertTrue(j, j.contains("\"status\": \"NOT_TRAINED\""));
    assertTrue(j, j.contains("\"head_eval_accuracy\": null"));
    assertEquals(number(j, "prototype_eval_accuracy"), number(j, "eval_accuracy"), 0);
    run(0, "train", "--train", train.toString(), "--eval", eval.toString(),
        "--classifier", "head", "--steps", "50", "--json", json.toString());
    j = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
    assertTrue(j, j.contains("\"classifier\": \"head\""));
    assertEquals(50, number(j, "steps"), 0);
  }

  @Test
  public void badSamplesAndBadChoicesExitTwoWithTheReason() throws Exception {
    Path eval = csv("eval.csv", 5, 2, false);
    Path json = tmp.getRoot().toPath().resolve("bad.json");
    String[] o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train",
        csv("dup.csv", 5, 1, true).toString(), "--eval", eval.toString(), "--json",
        json.toString());
    assertTrue(o[1], o[1].contains("the same photo is labelled both 'keys' and 'wallet'"));
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", csv("t.csv", 5, 1, false).toString(),
        "--eval", eval.toString(), "--classifier", "best", "--json", json.toString());
    assertTrue(o[1], o[1].contains("unknown classifier 'best'; valid: auto, prototype, head"));
    assertFalse("nothing written on bad input", Files.exists(json));
  }
}
