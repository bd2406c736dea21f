package org.snaptune.samples;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import android.content.Context;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.util.Arrays;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.snaptune.data.Dataset;
import org.snaptune.storage.SqliteSampleRepository;

/**
 * The SQLite repository against the same contract as the in-memory one (see core's
 * SampleRepositoryContractTest), plus what only a database does: persistence and schema rules.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
public class SqliteSampleRepositoryTest {

  private final Context context = ApplicationProvider.getApplicationContext();

  private SqliteSampleRepository open(int dim) {
    return new SqliteSampleRepository(context, "test.db", dim);
  }

  @Test
  public void classesAndSamplesRoundTripAndCascade() {
    try (SqliteSampleRepository repo = open(3)) {
      SampleClass cat = repo.createClass("  cat ");
      SampleClass dog = repo.createClass("dog");
      long s1 = repo.addSample(cat.id(), new float[] {1, 2, 3}, new byte[] {9}, 100);
      long s2 = repo.addSample(cat.id(), new float[] {4, 5.5f, -6}, new byte[] {8, 7}, 200);
      repo.addSample(dog.id(), new float[] {7, 8, 9}, new byte[] {6}, 300);
      assertEquals(Arrays.asList(new SampleClass(cat.id(), "cat", 2),
          new SampleClass(dog.id(), "dog", 1)), repo.classes());
      assertEquals(Arrays.asList(new SampleEntry(s2, cat.id(), 200),
          new SampleEntry(s1, cat.id(), 100)), repo.samplesOf(cat.id()));
      assertArrayEquals(new byte[] {8, 7}, repo.thumbnail(s2));
      assertArrayEquals(new float[] {4, 5.5f, -6}, repo.embedding(s2), 0f);
      assertEquals(3, Dataset.fromStore(repo).size());

      repo.renameClass(cat.id(), "kitten");
      assertEquals(Arrays.asList("kitten", "dog"), repo.classNames());
      repo.deleteClass(cat.id());
      assertEquals(1, repo.samples().size());
      assertEquals("dog", repo.samples().get(0).label());
      expect("no sample with id " + s1, () -> repo.thumbnail(s1));
    }
  }

  @Test
  public void dataSurvivesReopeningAndOtherEmbeddingSizesAreLeftOut() {
    long id;
    try (SqliteSampleRepository repo = open(2)) {
      id = repo.createClass("mug").id();
      repo.addSample(id, new float[] {1, 2}, new byte[] {1}, 5);
    }
    try (SqliteSampleRepository repo = open(2)) {
      assertEquals(Arrays.asList(new SampleClass(id, "mug", 1)), repo.classes());
      assertArrayEquals(new float[] {1, 2}, repo.samples().get(0).embedding(), 0f);
    }
    try (SqliteSampleRepository otherBackbone = open(4)) {
      assertEquals("counts still show every stored sample", 1,
          otherBackbone.classes().get(0).sampleCount());
      assertTrue("but the trainer never sees embeddings of another size",
          otherBackbone.samples().isEmpty());
    }
  }

  @Test
  public void badInputIsRejectedWithTheReason() {
    try (SqliteSampleRepository repo = open(2)) {
      long cat = repo.createClass("Cat").id();
      expect("already exists", () -> repo.createClass("cat"));
      expect("class name is empty", () -> repo.createClass(" "));
      expect("no class with id 99", () -> repo.renameClass(99, "x"));
      expect("no class with id 99", () -> repo.deleteClass(99));
      expect("no class with id 99", () -> repo.addSample(99, new float[2], new byte[1], 0));
      expect("must have 2 values, got 3", () -> repo.addSample(cat, new float[3], new byte[1], 0));
      expect("non-empty thumbnail", () -> repo.addSample(cat, new float[2], null, 0));
      expect("no sample with id 7", () -> repo.deleteSample(7));
      assertEquals("CAT", repo.renameClass(cat, "CAT").name());
    }
  }

  private static void expect(String fragment, Runnable action) {
    try {
      action.run();
      fail("expected IllegalArgumentException containing '" + fragment + "'");
    } catch (IllegalArgumentException e) {
      assertTrue("'" + e.getMessage() + "' should contain '" + fragment + "'",
          e.getMessage().contains(fragment));
    }
  }
}
