package org.snaptune.fuzz;

import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Set;
import org.junit.Test;

/**
 * Mutated models (byte-level and schema-aware) must be refused by the Java verifier with a message
 * or run in the native runtime without crashing, hanging or throwing anything undocumented. The
 * native runs happen in a child JVM, so a crash is observed, not suffered.
 */
public class ModelFuzzTest {

  @Test
  public void mutatedModelsNeverCrashTheRuntime() throws Exception {
    Set<String> before = FuzzReport.leftovers();
    NativeFuzz.Stats st = NativeFuzz.run("models", FuzzReport.seed(),
        FuzzReport.count("models", 150), Arrays.asList("-Xmx512m",
            "-Djava.io.tmpdir=" + FuzzReport.childTmp()), FuzzReport.WORK);
    FuzzReport.add(st.row());
    FuzzReport.assertClean(st, before);
    assertTrue("no mutant got through to the runtime: the harness tests nothing", st.ran > 0);
  }
}
