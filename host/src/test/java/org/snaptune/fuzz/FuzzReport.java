package org.snaptune.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Settings and bookkeeping shared by the fuzz tests: the seed and counts (system properties
 * {@code snaptune.fuzz.seed}, {@code snaptune.fuzz.models}, {@code .bundles}, {@code .checkpoints},
 * {@code .csv}; small defaults keep the normal suite fast, {@code -P fuzz} runs thousands), the
 * Markdown report {@code target/fuzz/report.md}, and the "nothing left behind" check.
 */
final class FuzzReport {

  static final Path WORK = Paths.get("target", "fuzz").toAbsolutePath();

  private FuzzReport() {}

  static long seed() {
    return Long.getLong("snaptune.fuzz.seed", 14L);
  }

  static int count(String kind, int dflt) {
    return Integer.getInteger("snaptune.fuzz." + kind, dflt);
  }

  /** Appends {@code row} to the report (the header first when the file is new) and prints it. */
  static synchronized void add(String row) throws IOException {
    Files.createDirectories(WORK);
    Path report = WORK.resolve("report.md");
    if (!Files.exists(report)) {
      Files.write(report, (NativeFuzz.Stats.header() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.write(report, (row + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    System.out.println("fuzz (seed " + seed() + "): " + row);
  }

  /**
   * What the harness could leave behind: the child processes' own temp folder (anything in it),
   * child folders and trial files of {@code ChildJvm}/{@code ModelTrial} in this JVM's temp folder,
   * and crash logs in the working folder. (Other programs' files in the shared temp folder are
   * not counted: the machine runs other builds at the same time.)
   */
  static Set<String> leftovers() throws IOException {
    Set<String> out = new TreeSet<>();
    Path childTmp = childTmp();
    Files.createDirectories(childTmp);
    for (Path dir : new Path[] {Paths.get(System.getProperty("java.io.tmpdir")),
        Paths.get("").toAbsolutePath(), childTmp}) {
      try (Stream<Path> s = Files.list(dir)) {
        out.addAll(s.map(p -> p.getFileName().toString())
            .filter(n -> dir.equals(childTmp) || n.startsWith("snaptune-child")
                || n.startsWith("snaptune-trial") || n.startsWith("hs_err_pid"))
            .map(n -> dir + File.separator + n).collect(Collectors.toSet()));
      }
    }
    return out;
  }

  /** The temp folder of the fuzz children (-Djava.io.tmpdir), empty after every run. */
  static Path childTmp() {
    return WORK.resolve("child-tmp");
  }

  static void assertClean(NativeFuzz.Stats st, Set<String> before) throws IOException {
    assertTrue(String.join("\n", st.failures), st.failures.isEmpty());
    assertEquals(0, st.crashes + st.undocumented + st.hangs + st.outOfMemory);
    assertEquals("left behind", before, leftovers());
  }
}
