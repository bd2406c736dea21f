package org.snaptune.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code mvn -P bench -pl host -am verify -DskipTests -Dbench=NAME}. Each benchmark
 * is a class with a {@code public static void main(String[])} that prints a Markdown table and
 * writes it under {@code -Dsnaptune.bench.out} (default {@code target/benchmarks}).
 */
public final class Benchmarks {

  /** Benchmark name → class; README lists the same names. */
  private static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

  static {
    BENCHMARKS.put("head", "org.snaptune.bench.HeadModelBenchmark");
    BENCHMARKS.put("trainer", "org.snaptune.bench.TrainerBenchmark");
    BENCHMARKS.put("defaults", "org.snaptune.bench.DefaultsBenchmark");
    BENCHMARKS.put("preprocess", "org.snaptune.bench.PreprocessBenchmark");
    BENCHMARKS.put("backbone", "org.snaptune.bench.BackboneBenchmark");
    BENCHMARKS.put("health", "org.snaptune.bench.HealthBenchmark");
  }

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    String name = args.length == 0 ? "all" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    if (name.equals("all")) {
      for (String className : BENCHMARKS.values()) {
        run(className, rest);
      }
      return;
    }
    String className = BENCHMARKS.get(name);
    if (className == null) {
      throw new IllegalArgumentException(
          "unknown benchmark '" + name + "'; valid: all, " + String.join(", ", BENCHMARKS.keySet()));
    }
    run(className, rest);
  }

  private static void run(String className, String[] args) throws Exception {
    Method main = Class.forName(className).getMethod("main", String[].class);
    main.invoke(null, (Object) args);
  }
}
