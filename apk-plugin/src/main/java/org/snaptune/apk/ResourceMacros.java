package org.snaptune.apk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands resource macros ({@code <macro name="n">value</macro>}, referenced as {@code @macro/n})
 * in an unpacked AAR's res/, because Debian's aapt2 (2.19) predates them: Material Components
 * 1.9+ declares hundreds. A macro is a compile-time alias (it never reaches resources.arsc or R),
 * so replacing every reference by its value and dropping the declarations is what a newer aapt2
 * does. Stateless and thread-safe; rewrites files in place.
 */
final class ResourceMacros {

  private static final Pattern DECLARATION = Pattern.compile(
      "\\s*<macro\\s+name=\"([^\"]+)\"\\s*>(.*?)</macro>", Pattern.DOTALL);
  private static final Pattern REFERENCE = Pattern.compile("@macro/([A-Za-z0-9_.]+)");
  /** Macros may name macros; deeper chains than this are a cycle. */
  private static final int MAX_DEPTH = 16;

  private ResourceMacros() {}

  /**
   * Expands every macro under {@code res}.
   *
   * @return how many macros were declared (0: nothing was rewritten)
   * @throws BuildException when a reference names no declared macro, or macros form a cycle
   */
  static int expand(Path res) throws IOException, BuildException {
    if (!Files.isDirectory(res)) {
      return 0;
    }
    List<Path> xml = new ArrayList<>();
    try (Stream<Path> s = Files.walk(res)) {
      s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".xml")).sorted().forEach(xml::add);
    }
    Map<String, String> macros = new LinkedHashMap<>();
    Map<Path, String> texts = new LinkedHashMap<>();
    for (Path p : xml) {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      if (text.contains("<macro")) {
        Matcher m = DECLARATION.matcher(text);
        while (m.find()) {
          macros.put(m.group(1), m.group(2).trim());
        }
        text = DECLARATION.matcher(text).replaceAll("");
        texts.put(p, text);
      } else if (text.contains("@macro/")) {
        texts.put(p, text);
      }
    }
    if (macros.isEmpty() && texts.isEmpty()) {
      return 0;
    }
    for (Map.Entry<Path, String> e : texts.entrySet()) {
      Files.writeString(e.getKey(), substitute(e.getValue(), macros, e.getKey()), StandardCharsets.UTF_8);
    }
    return macros.size();
  }

  private static String substitute(String text, Map<String, String> macros, Path file) throws BuildException {
    String current = text;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      Matcher m = REFERENCE.matcher(current);
      if (!m.find()) {
        return current;
      }
      StringBuilder out = new StringBuilder();
      m.reset();
      while (m.find()) {
        String value = macros.get(m.group(1));
        if (value == null) {
          throw new BuildException(file + " refers to @macro/" + m.group(1) + ", which no res/values file"
              + " of this AAR declares");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      current = out.toString();
    }
    throw new BuildException(file + ": resource macros nest deeper than " + MAX_DEPTH + " (a cycle?)");
  }
}
