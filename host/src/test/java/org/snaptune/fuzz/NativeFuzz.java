package org.snaptune.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snaptune.cli.ChildJvm;

/**
 * The parent side of a fuzz run: starts {@link FuzzChild} in a child JVM, and when the child dies
 * in the middle of a native run records that mutant as a native crash (keeping its bytes under
 * the work folder for a repro) and starts a new child after it. Not thread-safe.
 */
final class NativeFuzz {

  private static final Pattern LINE = Pattern.compile("^([BAEUOHS]) (\\d+) ?(.*)$");

  /** The outcome of one kind's run. */
  static final class Stats {
    final String kind;
    final int total;
    final long seed;
    final Map<Integer, String> status = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    int accepted;
    int ran;
    int runtimeRefused;
    int crashes;
    int hangs;
    int undocumented;
    int outOfMemory;
    long slowestMillis;
    double seconds;

    Stats(String kind, int total, long seed) {
      this.kind = kind;
      this.total = total;
      this.seed = seed;
    }

    int rejected() {
      return total - status.size() + (int) status.values().stream()
          .filter("unclear"::equals).count();
    }

    String row() {
      return String.format(Locale.ROOT,
          "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %s | %.0f s |", kind, total, rejected(),
          ran, runtimeRefused, crashes, undocumented, hangs, outOfMemory,
          slowestMillis < 1000 ? "< 1 s" : String.format(Locale.ROOT, "%.1f s",
              slowestMillis / 1000.0), seconds);
    }

    static String header() {
      return "| input | mutants | refused by Java checks | accepted (models: ran in TFLite)"
          + " | refused by TFLite"
          + " | native crashes | undocumented exceptions | hangs | OOM | slowest | time |\n"
          + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
    }
  }

  private NativeFuzz() {}

  static Stats run(String kind, long seed, int total, List<String> jvmOptions, Path work)
      throws IOException {
    Files.createDirectories(work);
    Stats st = new Stats(kind, total, seed);
    long t0 = System.nanoTime();
    int start = 0;
    int restarts = 0;
    while (start < total) {
      Path results = work.resolve("results-" + kind + "-" + start + ".txt");
      Files.deleteIfExists(results);
      ChildJvm.Result r = ChildJvm.run(FuzzChild.class, jvmOptions, Arrays.asList(kind,
          String.valueOf(seed), String.valueOf(start), String.valueOf(total), work.toString(),
          results.toString()), 3600);
      List<String> lines = Files.exists(results)
          ? Files.readAllLines(results, StandardCharsets.UTF_8) : new ArrayList<>();
      Files.deleteIfExists(results);
      int pending = -1;
      int lastSeen = start - 1;
      boolean done = false;
      for (String line : lines) {
        if (line.equals("DONE")) {
          done = true;
          continue;
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          continue;
        }
        int i = Integer.parseInt(m.group(2));
        lastSeen = Math.max(lastSeen, i);
        switch (m.group(1)) {
          case "B":
            pending = i;
            st.accepted++;
            st.status.put(i, "accepted " + m.group(3));
            break;
          case "A":
            pending = -1;
            st.ran++;
            st.status.put(i, "ran");
            break;
          case "E":
            pending = -1;
            st.runtimeRefused++;
            st.status.put(i, "runtime refused");
            break;
          case "O":
            st.outOfMemory++;
            st.status.put(i, "oom");
            st.failures.add(kind + " " + i + ": OutOfMemoryError " + m.group(3));
            break;
          case "S":
            st.slowestMillis = Math.max(st.slowestMillis, Long.parseLong(m.group(3).trim()));
            break;
          case "H":
            st.hangs++;
            st.failures.add(kind + " " + i + ": hang over " + FuzzChild.HANG_MILLIS + " ms ("
                + st.status.getOrDefault(i, "in the Java checks") + ")");
            st.status.put(i, "hang");
            pending = -1;
            break;
          default: // U
            st.undocumented++;
            st.status.put(i, m.group(3).startsWith("unclear") ? "unclear" : "undocumented");
            st.failures.add(kind + " " + i + ": " + m.group(3));
            break;
        }
      }
      if (done) {
        break;
      }
      if (pending >= 0) {
        st.crashes++;
        String edit = st.status.get(pending);
        st.status.put(pending, "crash");
        Path keep = work.resolve("crash-" + kind + "-" + seed + "-" + pending + ".bin");
        Path bytes = work.resolve("pending-" + kind + ".bin");
        if (Files.exists(bytes)) {
          Files.move(bytes, keep, StandardCopyOption.REPLACE_EXISTING);
        }
        st.failures.add(kind + " " + pending + ": native crash (exit " + r.exitCode + ") after "
            + edit + "; bytes in " + keep);
        start = pending + 1;
      } else {
        // Died outside a native run (hang already counted, or the JVM itself failed).
        if (lastSeen < start && ++restarts > 3) {
          throw new IllegalStateException("fuzz child makes no progress: " + r.output);
        }
        start = lastSeen + 1;
      }
    }
    Files.deleteIfExists(work.resolve("pending-" + kind + ".bin"));
    st.seconds = (System.nanoTime() - t0) / 1e9;
    return st;
  }
}
