package org.snaptune.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.snaptune.host.HostInterpreter;
import org.snaptune.image.InputSpec;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.BackboneInfo;

/**
 * {@code adapt}: exposes a classifier's pooled embedding as a second output ({@link
 * BackboneAdapter}), checks on the host runtime that the original outputs are unchanged (unless
 * {@code --no-check}), and writes the result atomically.
 */
public final class AdaptCommand implements Command {

  @Override
  public String name() {
    return "adapt";
  }

  @Override
  public String synopsis() {
    return "BACKBONE --out FILE [--no-check]";
  }

  @Override
  public String description() {
    return "add a classifier's pooled embedding as an output, keeping its logits";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException {
    CliArgs a = CliArgs.parse(name(), args, CliArgs.names("out"), CliArgs.names("no-check"));
    String in = a.single("BACKBONE");
    String outFile = a.required("out");
    CliFiles.checkOutput(outFile);
    byte[] original = CliFiles.read(in, "backbone");
    BackboneAdapter.Result r = BackboneAdapter.adapt(original);
    BackboneInfo info = r.info();
    byte[] adapted = r.model();
    out.println(info.describe());
    if (!a.flag("no-check")) {
      out.println("check: " + check(original, adapted, info));
    }
    Path written = CliFiles.writeAtomically(outFile, adapted);
    out.println("wrote " + written + " (" + adapted.length + " bytes; output 0 = logits, output "
        + info.embedding().outputIndex() + " = embedding)");
    return SnapTuneCli.EXIT_OK;
  }

  /** Runs both models on one noise picture; the adapted one must give the same logits. */
  private static String check(byte[] original, byte[] adapted, BackboneInfo info) {
    InputSpec spec = info.inputSpec();
    Random rnd = new Random(1);
    int n = spec.width() * spec.height() * 3;
    ByteBuffer input = ByteBuffer.allocate(spec.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      int p = rnd.nextInt(256);
      if (spec.dataType() == InputSpec.DataType.UINT8) {
        input.put((byte) spec.quantize(p));
      } else {
        input.putFloat(spec.normalize(p));
      }
    }
    byte[] before;
    byte[] after;
    byte[] embedding;
    try (HostInterpreter h = HostInterpreter.open(original, 1)) {
      h.setInput(0, input.array());
      h.run();
      before = h.outputBytes(0);
    }
    try (HostInterpreter h = HostInterpreter.open(adapted, 1)) {
      h.setInput(0, input.array());
      h.run();
      after = h.outputBytes(0);
      embedding = h.outputBytes(info.embedding().outputIndex());
    }
    if (!Arrays.equals(before, after)) {
      throw new IllegalStateException("the adapted model's logits differ from the original's");
    }
    float[] e = info.embedding().dequantize(embedding);
    double norm = 0;
    for (float v : e) {
      norm += (double) v * v;
    }
    return String.format(java.util.Locale.ROOT, "host TFLite runtime gives identical logits;"
        + " embedding of a noise image has %d values, L2 norm %.4g", e.length, Math.sqrt(norm));
  }
}
