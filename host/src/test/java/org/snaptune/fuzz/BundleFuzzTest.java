package org.snaptune.fuzz;

import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Set;
import org.junit.Test;

/**
 * Mutated bundles are read in a child JVM with a phone's 256 MB heap: each is imported (and then
 * both its models run natively) or refused with a message, never a crash, a hang, an
 * OutOfMemoryError or an undocumented exception.
 */
public class BundleFuzzTest {

  @Test
  public void mutatedBundlesAreImportedOrRefusedWithin256Megabytes() throws Exception {
    Set<String> before = FuzzReport.leftovers();
    NativeFuzz.Stats st = NativeFuzz.run("bundles", FuzzReport.seed(),
        FuzzReport.count("bundles", 100), Arrays.asList("-Xmx256m",
            "-Djava.io.tmpdir=" + FuzzReport.childTmp()), FuzzReport.WORK);
    FuzzReport.add(st.row());
    FuzzReport.assertClean(st, before);
    assertTrue("no mutant bundle was imported: the harness tests nothing", st.ran > 0);
  }
}
