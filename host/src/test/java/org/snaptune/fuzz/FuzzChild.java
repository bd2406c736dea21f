package org.snaptune.fuzz;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.snaptune.cli.ModelTrial;
import org.snaptune.export.BundleReader;
import org.snaptune.export.ModelBundle;
import org.snaptune.model.ModelVerifier;

/**
 * The fuzz harness's child process: {@code FuzzChild KIND SEED START END DIR RESULTS} regenerates
 * mutants START..END-1 of KIND (models or bundles), checks each like the app would (verifier or
 * bundle reader), and runs every accepted one in the native runtime. It appends to the file
 * RESULTS (flushed per line, so it survives a crash; stdout is the runtime's noise) one line per
 * event: {@code B i edit} before a native run, {@code A i} after it, {@code E i reason}
 * for a documented refusal by the runtime, {@code U i error} for an undocumented exception,
 * {@code O i} for an OutOfMemoryError, {@code S i millis} after one that took over a second, {@code H i} (then exits) when one mutant takes longer than
 * the hang limit, and {@code DONE} at the end. A native crash kills the process after a {@code B}
 * line; the parent then knows which mutant it was. Single-threaded apart from the watchdog.
 */
public final class FuzzChild {

  /** A mutant running longer than this is a hang (generous: CI machines are shared). */
  static final long HANG_MILLIS = 120_000;

  private static volatile int current = -1;
  private static volatile long startedAt;

  private FuzzChild() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    long seed = Long.parseLong(args[1]);
    int start = Integer.parseInt(args[2]);
    int end = Integer.parseInt(args[3]);
    Path crashDir = Paths.get(args[4]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(args[5], true), true,
        "UTF-8");
    watchdog(out);
    ModelMutator models = new ModelMutator(FuzzSeeds.models(), seed);
    BundleMutator bundles = kind.equals("bundles")
        ? new BundleMutator(FuzzSeeds.bundle(), seed) : null;
    for (int i = start; i < end; i++) {
      if (current >= 0 && System.currentTimeMillis() - startedAt > 1000) {
        out.println("S " + current + " " + (System.currentTimeMillis() - startedAt));
      }
      current = i;
      startedAt = System.currentTimeMillis();
      byte[] mutant = null;
      String edit = "";
      try {
        mutant = bundles == null ? models.mutant(i) : bundles.mutant(i);
        edit = bundles == null ? models.lastEdit : bundles.lastEdit;
        byte[][] toRun;
        try {
          if (bundles == null) {
            ModelVerifier.verify(mutant);
            toRun = new byte[][] {mutant};
          } else {
            ModelBundle b = BundleReader.defaults().read(new ByteArrayInputStream(mutant));
            toRun = new byte[][] {b.backbone(), b.head()};
          }
        } catch (IllegalArgumentException refused) {
          checkMessage(out, i, refused, edit);
          continue;
        }
        // Keep the mutant where the parent can find it if the next line kills this process.
        Files.write(crashDir.resolve("pending-" + kind + ".bin"), mutant);
        out.println("B " + i + " " + edit);
        try {
          for (byte[] model : toRun) {
            ModelTrial.runOnce(model);
          }
          out.println("A " + i);
        } catch (IllegalArgumentException | IllegalStateException refused) {
          out.println("E " + i + " " + oneLine(refused.getMessage()));
        }
      } catch (OutOfMemoryError e) {
        mutant = null;
        out.println("O " + i + " " + edit);
      } catch (Throwable e) {
        out.println("U " + i + " " + oneLine(String.valueOf(e)) + " | " + edit
            + " | at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
      }
    }
    current = -1;
    Files.deleteIfExists(crashDir.resolve("pending-" + kind + ".bin"));
    out.println("DONE");
    out.flush();
    System.exit(0);
  }

  /** A refusal must say what was wrong: a message, on one line, never "null". */
  private static void checkMessage(PrintStream out, int i, IllegalArgumentException e,
      String edit) {
    String m = e.getMessage();
    if (m == null || m.isEmpty() || m.contains(": null") || m.contains("\n")) {
      out.println("U " + i + " unclear message: " + oneLine(String.valueOf(m)) + " | " + edit);
    }
  }

  private static String oneLine(String s) {
    return s == null ? "null" : s.replace('\n', ' ').replace('\r', ' ');
  }

  private static void watchdog(PrintStream out) {
    Thread t = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        int i = current;
        if (i >= 0 && System.currentTimeMillis() - startedAt > HANG_MILLIS) {
          out.println("H " + i);
          out.flush();
          Runtime.getRuntime().halt(3);
        }
      }
    }, "fuzz-watchdog");
    t.setDaemon(true);
    t.start();
  }
}
