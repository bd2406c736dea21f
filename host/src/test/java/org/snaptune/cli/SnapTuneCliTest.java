package org.snaptune.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.model.ModelInspector;
import org.snaptune.model.ModelInspectorReport;
import org.snaptune.model.SharedModels;
import org.snaptune.model.SyntheticBackbone;

public class SnapTuneCliTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private String out;
  private String err;

  private int cli(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int status = SnapTuneCli.run(args, new PrintStream(o, true), new PrintStream(e, true));
    out = new String(o.toByteArray(), StandardCharsets.UTF_8);
    err = new String(e.toByteArray(), StandardCharsets.UTF_8);
    return status;
  }

  /** A user error: status 2, exactly one line on stderr, no stack trace. */
  private void assertBadInput(String expected, String... args) {
    assertEquals(err, SnapTuneCli.EXIT_BAD_INPUT, cli(args));
    assertEquals(err, 1, err.split("\n").length);
    assertTrue(err, err.contains(expected));
    assertFalse(err, err.contains("\tat "));
  }

  private long filesIn(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  public void usageOnNoArgumentsAndHelp() {
    assertEquals(SnapTuneCli.EXIT_BAD_INPUT, cli());
    assertTrue(err, err.contains("head") && err.contains("inspect") && err.contains("adapt"));
    assertEquals(SnapTuneCli.EXIT_OK, cli("--help"));
    assertTrue(out.startsWith("usage: java -jar snaptune-cli.jar COMMAND"));
    assertEquals(SnapTuneCli.EXIT_OK, cli("adapt", "--help"));
    assertTrue(out, out.contains("adapt BACKBONE --out FILE"));
    assertBadInput("unknown command 'train2'; valid: head, inspect, adapt", "train2");
  }

  @Test
  public void inspectListsASyntheticModel() throws Exception {
    Path f = tmp.newFile("b.tflite").toPath();
    Files.write(f, new SyntheticBackbone().quantized(true).build());
    assertEquals(err, SnapTuneCli.EXIT_OK, cli("inspect", f.toString()));
    assertTrue(out, out.contains("subgraph 0 \"main\""));
    assertTrue(out, out.contains("\"input\" UINT8 [1,8,8,3] q(scale=0.0078125, zero=128)"));
    assertTrue(out, out.contains("AVERAGE_POOL_2D v1"));
  }

  @Test
  public void inspectRejectsBadFilesWithOneLine() throws Exception {
    assertBadInput("model '/no/such.tflite' does not exist", "inspect", "/no/such.tflite");
    Path junk = tmp.newFile("junk.tflite").toPath();
    Files.write(junk, "definitely not a flatbuffer".getBytes(StandardCharsets.UTF_8));
    assertBadInput("file identifier", "inspect", junk.toString());
    byte[] good = new SyntheticBackbone().build();
    Files.write(junk, java.util.Arrays.copyOf(good, good.length - 9));
    assertBadInput("invalid .tflite", "inspect", junk.toString());
    assertBadInput("needs exactly one FILE", "inspect");
    assertBadInput("unknown option --tensors", "inspect", "--tensors", junk.toString());
  }

  @Test
  public void adaptWritesTheEmbeddingOutputAndChecksLogits() throws Exception {
    Path in = tmp.newFile("c.tflite").toPath();
    Files.write(in, new SyntheticBackbone().classifier(SyntheticBackbone.Classifier.FULLY_CONNECTED)
        .build());
    Path dst = tmp.getRoot().toPath().resolve("adapted.tflite");
    assertEquals(err, SnapTuneCli.EXIT_OK, cli("adapt", in.toString(), "--out", dst.toString()));
    assertTrue(out, out.contains("embedding: output 1 \"backbone/pooled\" 6 x FLOAT32"));
    assertTrue(out, out.contains("identical logits"));
    ModelInspectorReport r = ModelInspector.inspect(Files.readAllBytes(dst));
    assertEquals(2, r.subgraphs().get(0).outputs().length);
  }

  @Test
  public void checkFailuresInTheChildJvmComeBackAsOneLine() throws Exception {
    byte[] adapted = org.snaptune.model.BackboneAdapter.adapt(new SyntheticBackbone().build())
        .model();
    try {
      AdaptCheck.inChildProcess(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, adapted);
      org.junit.Assert.fail("the check accepted garbage");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("invalid .tflite file"));
    }
    assertTrue(AdaptCheck.inChildProcess(adapted, adapted).contains("identical logits"));
  }

  @Test
  public void adaptFailuresLeaveNoFileBehind() throws Exception {
    Path dir = tmp.newFolder("out").toPath();
    Path in = tmp.newFile("d.tflite").toPath();
    byte[] good = new SyntheticBackbone().build();
    Files.write(in, java.util.Arrays.copyOf(good, good.length - 40));
    String dst = dir.resolve("x.tflite").toString();
    assertBadInput("invalid .tflite", "adapt", in.toString(), "--out", dst);
    assertBadInput("needs --out", "adapt", in.toString());
    assertBadInput("does not exist", "adapt", in.toString(), "--out", "/no/such/dir/x.tflite");
    assertEquals("no output or temp file", 0, filesIn(dir));
  }

  @Test
  public void adaptTheSharedMobileNetV2() throws Exception {
    SharedModels.read(SharedModels.MOBILENET_V2_QUANT);
    Path dst = tmp.getRoot().toPath().resolve("v2.tflite");
    assertEquals(err, SnapTuneCli.EXIT_OK, cli("adapt",
        SharedModels.dir().resolve(SharedModels.MOBILENET_V2_QUANT).toString(),
        "--out", dst.toString()));
    assertTrue(out, out.contains("\"MobilenetV2/Logits/AvgPool\" 1280 x UINT8"));
    assertTrue(out, out.contains("(p-128.00)/128.00"));
  }

  @Test
  public void headWritesATrainableModel() throws Exception {
    Path dst = tmp.getRoot().toPath().resolve("head.tflite");
    assertEquals(err, SnapTuneCli.EXIT_OK, cli("head", "--embedding", "16", "--classes", "3",
        "--batch", "4", "--hidden", "8", "--optimizer", "adam", "--l2", "0.001",
        "--label-smoothing", "0.1", "--seed", "7", "--out", dst.toString()));
    ModelInspectorReport r = ModelInspector.inspect(Files.readAllBytes(dst));
    assertTrue(r.signature("infer").outputs().keySet().containsAll(
        java.util.Arrays.asList("probabilities", "logits")));
    assertArrayEquals(new Object[] {"x"}, r.signature("infer").inputs().keySet().toArray());
    assertTrue(r.signature("train").inputs().keySet().containsAll(
        java.util.Arrays.asList("x", "y", "w", "lr")));
    assertTrue(out, out.contains("wrote "));
  }

  @Test
  public void headRejectsBadSpecsWithoutWriting() throws Exception {
    Path dir = tmp.newFolder("heads").toPath();
    String dst = dir.resolve("h.tflite").toString();
    assertBadInput("", "head", "--embedding", "16", "--classes", "1", "--batch", "4",
        "--out", dst);
    assertBadInput("--l2 must be a finite number", "head", "--embedding", "16", "--classes", "3",
        "--batch", "4", "--l2", "NaN", "--out", dst);
    assertBadInput("unknown optimizer 'rmsprop'", "head", "--embedding", "16", "--classes", "3",
        "--batch", "4", "--optimizer", "rmsprop", "--out", dst);
    assertBadInput("--batch must be an integer", "head", "--embedding", "16", "--classes", "3",
        "--batch", "four", "--out", dst);
    assertBadInput("needs --embedding", "head", "--classes", "3", "--batch", "4", "--out", dst);
    assertEquals(0, filesIn(dir));
  }
}
