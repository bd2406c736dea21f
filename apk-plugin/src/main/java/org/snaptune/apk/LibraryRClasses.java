package org.snaptune.apk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trims a library's generated R class to the symbols its AAR's R.txt lists, as the Android Gradle
 * plugin generates library R classes from their symbol tables. aapt2 --extra-packages writes every
 * resource id of the app into every library's R; with Material's ~13,000 ids that is ~0.3 MB of
 * dex per library. The ids kept are aapt2's final ones. Stateless and thread-safe.
 */
final class LibraryRClasses {

  private static final Pattern TYPE = Pattern.compile("^\\s*public static final class (\\w+) \\{\\s*$");
  private static final Pattern FIELD = Pattern.compile("^\\s*public static final int(\\[\\])? (\\w+)=.*$");
  private static final Pattern SYMBOL = Pattern.compile("^int(?:\\[\\])? (\\w+) (\\w+) .*$");

  private LibraryRClasses() {}

  /** "type name" keys of every symbol in these R.txt files (missing files are skipped). */
  static Set<String> symbols(Collection<Path> rTxts) throws IOException {
    Set<String> keep = new HashSet<>();
    for (Path rTxt : rTxts) {
      if (!Files.isRegularFile(rTxt)) {
        continue;
      }
      for (String line : Files.readAllLines(rTxt, StandardCharsets.UTF_8)) {
        Matcher m = SYMBOL.matcher(line.trim());
        if (m.matches()) {
          keep.add(m.group(1) + " " + m.group(2));
        }
      }
    }
    return keep;
  }

  /**
   * Rewrites {@code rJava} keeping only the fields in {@code keep} (and their Javadoc).
   *
   * @return how many fields were kept
   */
  static int trim(Path rJava, Set<String> keep) throws IOException {
    List<String> in = Files.readAllLines(rJava, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>(in.size() / 8);
    List<String> doc = new ArrayList<>();
    String type = null;
    int kept = 0;
    for (int i = 0; i < in.size(); i++) {
      String line = in.get(i);
      Matcher t = TYPE.matcher(line);
      Matcher f = FIELD.matcher(line);
      if (t.matches()) {
        type = t.group(1);
        out.add(line);
      } else if (type != null && line.trim().startsWith("/**")) {
        doc.clear();
        while (true) {
          doc.add(in.get(i));
          if (in.get(i).contains("*/")) {
            break;
          }
          i++;
        }
      } else if (type != null && f.matches()) {
        boolean wanted = keep.contains(type + " " + f.group(2));
        List<String> field = new ArrayList<>();
        field.add(line);
        // An int[] spans lines up to its closing "};".
        while (f.group(1) != null && !in.get(i).trim().endsWith("};")) {
          i++;
          field.add(in.get(i));
        }
        if (wanted) {
          out.addAll(doc);
          out.addAll(field);
          kept++;
        }
        doc.clear();
      } else {
        out.add(line);
      }
    }
    Files.write(rJava, out, StandardCharsets.UTF_8);
    return kept;
  }
}
