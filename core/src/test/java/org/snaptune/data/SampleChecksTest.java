package org.snaptune.data;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import org.junit.Test;

public class SampleChecksTest {

  private static void expect(Dataset d, String... parts) {
    try {
      SampleChecks.requireTrainable(d);
      fail("accepted " + d);
    } catch (IllegalArgumentException e) {
      for (String p : parts) {
        assertTrue(e.getMessage(), e.getMessage().contains(p));
      }
    }
  }

  @Test
  public void refusesEmptyClassesASingleClassAndDuplicates() {
    expect(new Dataset(Arrays.asList("keys", "wallet", "mug"), 2,
        new float[] {1, 2, 3, 4}, new int[] {0, 1}), "classes without samples: [mug]");
    expect(new Dataset(Arrays.asList("keys", "wallet"), 2, new float[] {1, 2, 3, 4},
        new int[] {0, 0}), "all 2 samples are in class 'keys'", "classes without samples");
    expect(new Dataset(Arrays.asList("keys", "wallet"), 2, new float[] {1, 2, 3, 4, 1, 2},
        new int[] {0, 1, 0}), "1 duplicate sample", "samples 0 and 2 of 'keys'",
        "delete the copies");
    expect(new Dataset(Arrays.asList("keys", "wallet"), 2, new float[] {1, 2, 3, 4, 1, 2},
        new int[] {0, 1, 1}), "labelled both 'keys' and 'wallet'");
    SampleChecks.requireTrainable(new Dataset(Arrays.asList("keys", "wallet"), 2,
        new float[] {1, 2, 3, 4, 1, 2.0001f}, new int[] {0, 1, 0}));
  }

  @Test
  public void samplesFromAnotherBackboneAreNamedWithWhatToDo() {
    try {
      Dataset.fromSamples(Collections.singletonList("keys"), 3, Arrays.asList(
          new Sample("a", "keys", new float[] {1, 2, 3}, 0),
          new Sample("b", "keys", new float[] {1, 2}, 0),
          new Sample("c", "keys", new float[] {1, 2}, 0)));
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("2 of 3 samples have embedding size 2"
          + " (e.g. 'b') but the backbone produces 3"));
      assertTrue(e.getMessage(), e.getMessage().contains("another backbone"));
    }
  }
}
