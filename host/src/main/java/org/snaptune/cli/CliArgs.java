package org.snaptune.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parsed command-line arguments: {@code --name value} or {@code --name=value} options from a
 * fixed set, flags, and positional arguments. Every problem is an IllegalArgumentException that
 * names the option and what is valid. Immutable after parsing; not shared between threads.
 */
public final class CliArgs {

  private final String command;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> flags = new TreeSet<>();
  private final List<String> positionals = new ArrayList<>();

  private CliArgs(String command) {
    this.command = command;
  }

  /**
   * Parses {@code args} of {@code command}, allowing the options in {@code valued} (which take a
   * value) and {@code flagNames} (which do not). Names are given without the leading dashes.
   */
  public static CliArgs parse(String command, String[] args, Set<String> valued,
      Set<String> flagNames) {
    CliArgs a = new CliArgs(command);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.equals("--")) {
        a.positionals.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flagNames.contains(name)) {
        if (value != null) {
          throw new IllegalArgumentException("--" + name + " takes no value");
        }
        a.flags.add(name);
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = args[++i];
        }
        if (a.values.put(name, value) != null) {
          throw new IllegalArgumentException("--" + name + " given twice");
        }
      } else {
        Set<String> all = new TreeSet<>(valued);
        all.addAll(flagNames);
        throw new IllegalArgumentException("unknown option --" + name + " for '" + command
            + "'; valid: " + (all.isEmpty() ? "none" : "--" + String.join(", --", all)));
      }
    }
    return a;
  }

  public List<String> positionals() {
    return Collections.unmodifiableList(positionals);
  }

  /** The only positional argument, named {@code what} in the error when there is not exactly one. */
  public String single(String what) {
    if (positionals.size() != 1) {
      throw new IllegalArgumentException("'" + command + "' needs exactly one " + what + ", got "
          + (positionals.isEmpty() ? "none" : positionals.toString()));
    }
    return positionals.get(0);
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  public String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("'" + command + "' needs --" + name);
    }
    return v;
  }

  public String optional(String name, String dflt) {
    String v = values.get(name);
    return v == null ? dflt : v;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** An integer option; {@code dflt} when absent and not required. */
  public int intValue(String name, Integer dflt) {
    String v = dflt == null ? required(name) : optional(name, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'");
    }
  }

  /** A comma-separated list of integers, e.g. {@code 128,64}; empty when absent. */
  public int[] intList(String name) {
    String v = optional(name, null);
    if (v == null) {
      return new int[0];
    }
    String[] parts = v.split(",", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be comma-separated integers"
            + " such as 128,64, got '" + v + "'");
      }
    }
    return out;
  }

  /** A number option; {@code dflt} when absent. NaN and infinities are refused here. */
  public double doubleValue(String name, double dflt) {
    String v = optional(name, null);
    if (v == null) {
      return dflt;
    }
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
    }
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("--" + name + " must be a finite number, got '" + v
          + "'");
    }
    return d;
  }

  /** A long option; {@code dflt} when absent. */
  public long longValue(String name, long dflt) {
    String v = optional(name, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'");
    }
  }

  /** Set of option names, for the parse call. */
  public static Set<String> names(String... names) {
    return new TreeSet<>(Arrays.asList(names));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %s %s %s", command, values, flags, positionals);
  }
}
