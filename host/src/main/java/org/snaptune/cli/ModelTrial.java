package org.snaptune.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Locale;
import java.util.Random;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.host.HostInterpreter;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.BackboneInfo;
import org.snaptune.model.ModelInspector;
import org.snaptune.settings.Delegate;

/**
 * Loads and runs an untrusted model once in a child JVM before a command uses it, the desktop
 * counterpart of the phone's isolated process: the Java verifier refuses every corruption it knows,
 * and this trial turns any it does not (a kernel crash: SIGSEGV, SIGABRT, SIGFPE) into the one-line
 * "this model crashes TensorFlow Lite" instead of a dead command. The trial builds the same
 * runtimes the commands use: the plain interpreter with noise inputs, the XNNPACK backbone runner
 * when the model adapts as a backbone, and the signature runner when it has signatures.
 * Stateless and thread-safe.
 */
public final class ModelTrial {

  private static final String OK = "TRIAL-OK ";
  private static final String FAILED = "TRIAL-FAILED ";
  private static final long TIMEOUT_SECONDS = 120;

  private ModelTrial() {}

  /** Child entry point: {@code ModelTrial MODEL}; prints one result line. */
  public static void main(String[] args) throws IOException {
    try {
      System.out.println(OK + runOnce(Files.readAllBytes(Paths.get(args[0]))));
      System.exit(0);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.out.println(FAILED + String.valueOf(e.getMessage()).replace('\n', ' '));
      System.exit(SnapTuneCli.EXIT_BAD_INPUT);
    }
  }

  /**
   * Runs {@code model} once in a child JVM.
   *
   * @param what how the model is named in messages, e.g. "backbone 'x.tflite'"
   * @return a one-line summary of what ran
   * @throws IllegalArgumentException when the runtime refuses the model, crashes or hangs on it
   */
  public static String inChildProcess(byte[] model, String what) throws IOException {
    Path file = Files.createTempFile("snaptune-trial", ".tflite");
    try {
      Files.write(file, model);
      ChildJvm.Result r = ChildJvm.run(ModelTrial.class, Collections.<String>emptyList(),
          Collections.singletonList(file.toString()), TIMEOUT_SECONDS);
      if (r.timedOut) {
        throw new IllegalArgumentException(what + " did not finish one run in "
            + TIMEOUT_SECONDS + " s in TensorFlow Lite; it was not used");
      }
      String ok = r.line(OK);
      if (ok != null) {
        return ok;
      }
      String failed = r.line(FAILED);
      if (failed != null) {
        throw new IllegalArgumentException(what + ": " + failed);
      }
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s crashes TensorFlow Lite"
          + " (trial process exit %d); it was not used", what, r.exitCode));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Loads and runs {@code model} in this process: only ever call it in a child process. */
  public static String runOnce(byte[] model) {
    StringBuilder did = new StringBuilder("loaded and ran once");
    try (HostInterpreter h = HostInterpreter.open(model, 1)) {
      Random rnd = new Random(1);
      for (int i = 0; i < h.inputCount(); i++) {
        byte[] raw = new byte[(int) Math.min(Integer.MAX_VALUE, h.inputInfo(i).byteSize())];
        rnd.nextBytes(raw);
        if (h.inputInfo(i).typeCode() == 1) { // FLOAT32: keep noise finite and small
          for (int k = 0; k + 3 < raw.length; k += 4) {
            raw[k + 3] = (byte) (raw[k + 3] & 0x3f);
          }
        }
        h.setInput(i, raw);
      }
      h.run();
      for (int i = 0; i < h.outputCount(); i++) {
        h.outputBytes(i);
      }
    }
    if (ModelInspector.inspect(model).signatures().isEmpty()) {
      adaptedBackbone(model, did);
    } else {
      try (HostSignatureRunner r = HostSignatureRunner.open(model, 1)) {
        did.append("; signatures ").append(r.signatureKeys());
      }
    }
    return did.toString();
  }

  private static void adaptedBackbone(byte[] model, StringBuilder did) {
    BackboneAdapter.Result adapted;
    try {
      adapted = BackboneAdapter.adapt(model);
    } catch (IllegalArgumentException e) {
      return; // not a backbone: the plain run above is the whole trial
    }
    BackboneInfo info = adapted.info();
    try (HostBackboneRunner r = HostBackboneRunner.open(adapted.model(), info, Delegate.CPU, 1)) {
      r.run(new float[info.logitsSize()], new float[info.embeddingSize()]);
      did.append("; as a backbone with XNNPACK");
    }
  }
}
