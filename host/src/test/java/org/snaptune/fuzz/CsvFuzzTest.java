package org.snaptune.fuzz;

import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.util.Random;
import java.util.Set;
import org.junit.Test;
import org.snaptune.cli.EmbeddingCsv;
import org.snaptune.data.Dataset;

/**
 * Mutated embedding CSVs (random edits with separators, line breaks, byte-order marks, non-finite
 * numbers, quotes, NULs and long runs) are parsed into a consistent dataset or refused with
 * IllegalArgumentException, nothing else. Pure Java.
 */
public class CsvFuzzTest {

  private static final String[] PIECES = {",", "\n", "\r\n", "\r", "\uFEFF", "NaN", "Infinity",
      "-Infinity", "1e99", "1e-99", "-", ".", "0", "7", "e", "\"", "\0", "\uD83D\uDC31", " ",
      "\t", "cat", ",,,", "\n\n", "0x1p3", "1_0"};

  static String base(Random r) {
    StringBuilder sb = new StringBuilder();
    String[] labels = {"cat", "dog", "bird"};
    for (int i = 0; i < 12; i++) {
      sb.append(labels[i % 3]);
      for (int j = 0; j < 4; j++) {
        sb.append(',').append((float) r.nextGaussian());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String mutant(String base, Random r) {
    StringBuilder s = new StringBuilder(base);
    for (int n = 1 + r.nextInt(4); n > 0; n--) {
      int at = r.nextInt(s.length() + 1);
      switch (r.nextInt(4)) {
        case 0:
          s.insert(at, PIECES[r.nextInt(PIECES.length)]);
          break;
        case 1:
          s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(6)));
          break;
        case 2:
          if (at < s.length()) {
            s.setCharAt(at, PIECES[r.nextInt(PIECES.length)].charAt(0));
          }
          break;
        default: {
          StringBuilder run = new StringBuilder();
          String p = PIECES[r.nextInt(PIECES.length)];
          for (int k = r.nextInt(2000); k > 0; k--) {
            run.append(p);
          }
          s.insert(at, run);
          break;
        }
      }
    }
    return s.toString();
  }

  @Test
  public void mutatedCsvIsParsedConsistentlyOrRefused() throws Exception {
    Set<String> before = FuzzReport.leftovers();
    int total = FuzzReport.count("csv", 1000);
    NativeFuzz.Stats st = new NativeFuzz.Stats("csv", total, FuzzReport.seed());
    long t0 = System.nanoTime();
    for (int i = 0; i < total; i++) {
      Random r = new Random(ModelMutator.mix(FuzzReport.seed(), i, 4));
      String text = mutant(base(r), r);
      EmbeddingCsv csv;
      try {
        csv = EmbeddingCsv.read(new StringReader(text), "fuzz.csv");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().startsWith("fuzz.csv"));
        continue;
      } catch (RuntimeException e) {
        st.undocumented++;
        st.failures.add("csv " + i + ": " + e);
        continue;
      }
      st.status.put(i, "accepted");
      st.ran++;
      assertTrue(csv.size() >= 1 && csv.dimension() >= 1);
      for (String c : csv.classNames()) {
        assertTrue("phantom class from a byte-order mark: " + c, c.indexOf('\uFEFF') != 0);
      }
      Dataset d = csv.toDataset(csv.classNames(), "fuzz.csv");
      assertTrue(d.size() == csv.size());
    }
    st.seconds = (System.nanoTime() - t0) / 1e9;
    FuzzReport.add(st.row());
    FuzzReport.assertClean(st, before);
  }
}
