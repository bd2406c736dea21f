package org.snaptune.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;

/** The head file is written all or nothing and leaves no temporary files behind. Plain JVM. */
public class HeadStoreTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static byte[] head(int classes) {
    return HeadCompiler.compile(HeadSpec.builder().setEmbeddingSize(8).setNumClasses(classes)
        .setBatchSize(4).build());
  }

  private HeadStore store(File dir) {
    return new HeadStore(dir);
  }

  @Test
  public void saveReplacesTheHeadAndLeavesOnlyItsFiles() throws Exception {
    File dir = tmp.newFolder("personal");
    HeadStore store = store(dir);
    long before = HeadStore.version();
    store.save(head(2), Arrays.asList("cat", "dog"));
    assertTrue(HeadStore.version() > before);
    byte[] three = head(3);
    store.save(three, Arrays.asList("a", "b", "c"));
    store.saveDecision("kept the trained head\nbecause");
    HeadStore.Saved saved = store.read();
    assertArrayEquals(three, saved.head());
    assertEquals(Arrays.asList("a", "b", "c"), saved.labels());
    assertEquals("kept the trained head because", store.lastDecision());
    assertEquals(Arrays.asList(HeadStore.DECISION_FILE, HeadStore.FILE),
        sortedNames(dir));
  }

  @Test
  public void rejectedSaveKeepsTheOldHeadAndVersion() throws Exception {
    File dir = tmp.newFolder("personal");
    HeadStore store = store(dir);
    byte[] two = head(2);
    store.save(two, Arrays.asList("cat", "dog"));
    long version = HeadStore.version();
    try {
      store.save(head(2), Arrays.asList("only one"));
      fail("a label count that differs from the head's must be refused");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("2 classes but 1 labels"));
    }
    assertEquals(version, HeadStore.version());
    assertArrayEquals(two, store.read().head());
    assertEquals(Arrays.asList(HeadStore.FILE), sortedNames(dir));
  }

  @Test
  public void clearDeletesTheHeadAndTemporaryFilesACrashLeft() throws Exception {
    File dir = tmp.newFolder("personal");
    HeadStore store = store(dir);
    store.save(head(2), Arrays.asList("cat", "dog"));
    File leftover = new File(dir, "." + HeadStore.FILE + ".12345.tmp");
    Files.write(leftover.toPath(), new byte[] {1, 2, 3});
    store.clear();
    assertNull(store.read());
    assertFalse(leftover.exists());
    assertEquals(Arrays.asList(), sortedNames(dir));
  }

  private static java.util.List<String> sortedNames(File dir) {
    String[] names = dir.list();
    Arrays.sort(names);
    return Arrays.asList(names);
  }
}
