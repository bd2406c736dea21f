package org.snaptune.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Random;
import org.snaptune.host.HostInterpreter;
import org.snaptune.image.InputSpec;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.BackboneInfo;

/**
 * The {@code adapt} command's runtime check: the original and the adapted model run on one noise
 * picture and must give identical logits. It runs in a child JVM ({@link #inChildProcess}), so a
 * model that passes the Java verifier yet crashes a native TFLite kernel ends the child, not the
 * command, which then reports it in one line. Stateless and thread-safe.
 */
public final class AdaptCheck {

  private static final String OK = "CHECK-OK ";
  private static final String FAILED = "CHECK-FAILED ";
  private static final long TIMEOUT_SECONDS = 300;

  private AdaptCheck() {}

  /** Child entry point: {@code AdaptCheck ORIGINAL ADAPTED}; prints one result line. */
  public static void main(String[] args) throws IOException {
    try {
      byte[] original = Files.readAllBytes(Paths.get(args[0]));
      byte[] adapted = Files.readAllBytes(Paths.get(args[1]));
      // Adapting is idempotent, so this recovers the adapted model's description.
      BackboneInfo info = BackboneAdapter.adapt(adapted).info();
      System.out.println(OK + run(original, adapted, info));
      System.exit(0);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.out.println(FAILED + e.getMessage());
      System.exit(SnapTuneCli.EXIT_BAD_INPUT);
    }
  }

  /**
   * Runs the check in a child JVM with this JVM's class path.
   *
   * @return the check's one-line summary
   * @throws IllegalArgumentException when the logits differ, the runtime refuses the model, or
   *     the child crashed or timed out
   */
  static String inChildProcess(byte[] original, byte[] adapted) throws IOException {
    Path a = Files.createTempFile("snaptune-original", ".tflite");
    Path b = Files.createTempFile("snaptune-adapted", ".tflite");
    try {
      Files.write(a, original);
      Files.write(b, adapted);
      ChildJvm.Result r = ChildJvm.run(AdaptCheck.class, Collections.<String>emptyList(),
          Arrays.asList(a.toString(), b.toString()), TIMEOUT_SECONDS);
      if (r.timedOut) {
        throw new IllegalArgumentException("the runtime check did not finish in "
            + TIMEOUT_SECONDS + " s; use --no-check to skip it");
      }
      String ok = r.line(OK);
      if (ok != null) {
        return ok;
      }
      String failed = r.line(FAILED);
      if (failed != null) {
        throw new IllegalArgumentException(failed);
      }
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the host TFLite runtime"
          + " crashed running this model (check process exit %d); nothing was written",
          r.exitCode));
    } finally {
      Files.deleteIfExists(a);
      Files.deleteIfExists(b);
    }
  }

  /** Runs both models on one noise picture; the adapted one must give the same logits. */
  static String run(byte[] original, byte[] adapted, BackboneInfo info) {
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
      // A model adapted already is its own original, with the logits where the info says.
      before = h.outputBytes(h.outputCount() == 1 ? 0 : info.logits().outputIndex());
    }
    try (HostInterpreter h = HostInterpreter.open(adapted, 1)) {
      h.setInput(0, input.array());
      h.run();
      after = h.outputBytes(info.logits().outputIndex());
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
    return String.format(Locale.ROOT, "host TFLite runtime gives identical logits;"
        + " embedding of a noise image has %d values, L2 norm %.4g", e.length, Math.sqrt(norm));
  }
}
