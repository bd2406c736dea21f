package org.snaptune.samples;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.snaptune.testing.Expect.refused;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.snaptune.data.Dataset;
import org.snaptune.data.Sample;

/** What every {@link SampleRepository} must do; subclasses supply the implementation. */
public abstract class SampleRepositoryContractTest {

  protected abstract SampleRepository newRepository(int embeddingSize);

  @Test
  public void classesCanBeCreatedRenamedAndDeletedWithTheirSamples() {
    SampleRepository repo = newRepository(3);
    SampleClass cat = repo.createClass("  cat ");
    SampleClass dog = repo.createClass("dog");
    assertEquals("cat", cat.name());
    long s1 = repo.addSample(cat.id(), new float[] {1, 2, 3}, new byte[] {9}, 100);
    long s2 = repo.addSample(cat.id(), new float[] {4, 5, 6}, new byte[] {8, 7}, 200);
    repo.addSample(dog.id(), new float[] {7, 8, 9}, new byte[] {6}, 300);
    assertEquals(Arrays.asList(new SampleClass(cat.id(), "cat", 2),
        new SampleClass(dog.id(), "dog", 1)), repo.classes());

    assertEquals("newest first", Arrays.asList(new SampleEntry(s2, cat.id(), 200),
        new SampleEntry(s1, cat.id(), 100)), repo.samplesOf(cat.id()));
    assertArrayEquals(new byte[] {8, 7}, repo.thumbnail(s2));
    assertArrayEquals(new float[] {4, 5, 6}, repo.embedding(s2), 0f);

    repo.renameClass(cat.id(), "kitten");
    assertEquals(Arrays.asList("kitten", "dog"), repo.classNames());
    repo.deleteSample(s1);
    assertEquals(1, repo.classes().get(0).sampleCount());
    repo.deleteClass(cat.id());
    assertEquals(Arrays.asList(new SampleClass(dog.id(), "dog", 1)), repo.classes());
    assertEquals(1, repo.samples().size());
    refused("no sample with id " + s2, () -> repo.thumbnail(s2));
  }

  @Test
  public void samplesFeedTheTrainersDataset() {
    SampleRepository repo = newRepository(2);
    long a = repo.createClass("a").id();
    long b = repo.createClass("b").id();
    repo.addSample(b, new float[] {1, 0}, new byte[] {1}, 1);
    repo.addSample(a, new float[] {0, 1}, new byte[] {1}, 2);
    repo.addSample(b, new float[] {1, 1}, new byte[] {1}, 3);
    List<Sample> samples = repo.samples();
    assertEquals(3, samples.size());
    int bs = 0;
    for (Sample s : samples) {
      if (s.label().equals("b")) {
        bs++;
      }
      assertEquals(s.embedding().length, 2);
    }
    assertEquals(2, bs);
    Dataset dataset = Dataset.fromStore(repo);
    assertEquals(3, dataset.size());
  }

  @Test
  public void badInputIsRejectedWithTheReason() {
    SampleRepository repo = newRepository(2);
    long cat = repo.createClass("Cat").id();
    refused("already exists", () -> repo.createClass("cat"));
    refused("class name is empty", () -> repo.createClass("   "));
    refused("at most 40", () -> repo.createClass(new String(new char[41]).replace('\0', 'x')));
    refused("control character", () -> repo.createClass("a\nb"));
    // The rules of imported labels (LabelText) apply to typed names too.
    refused("class name contains a bidirectional-text control (U+202E) at position 0; use"
        + " plain visible text", () -> repo.createClass("\u202Etac"));
    refused("invisible character (U+200B)", () -> repo.createClass("c\u200Bat"));
    refused("lone surrogate", () -> repo.renameClass(cat, "ca\uD800t"));
    refused("class name has no visible character", () -> repo.createClass("\u200D\u3164"));
    assertEquals("🐱 dög", repo.createClass(" 🐱 dög ").name());
    refused("no class with id 999", () -> repo.renameClass(999, "x"));
    refused("no class with id 999", () -> repo.addSample(999, new float[2], new byte[1], 0));
    refused("must have 2 values, got 3",
        () -> repo.addSample(cat, new float[3], new byte[1], 0));
    refused("all values must be finite",
        () -> repo.addSample(cat, new float[] {0, Float.NaN}, new byte[1], 0));
    refused("non-empty thumbnail", () -> repo.addSample(cat, new float[2], new byte[0], 0));
    refused("no sample with id 5", () -> repo.deleteSample(5));
    // Renaming to its own name with other case is allowed: the only clash would be itself.
    assertEquals("CAT", repo.renameClass(cat, "CAT").name());
  }
}
