package org.snaptune.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.snaptune.io.AtomicFiles;

/**
 * Where every benchmark reads its inputs and writes its table: the shared models
 * ({@code -Dsnaptune.shared.models}, default {@code ../shared/models}) and the output folder
 * ({@code -Dsnaptune.bench.out}, default {@code target/benchmarks}). Tables are replaced
 * atomically, so a reader never sees half of one. Stateless.
 */
final class BenchFiles {

  /** The shared uint8 MobileNetV2 every backbone-based benchmark uses. */
  static final String MOBILENET_V2_QUANT = "mobilenet_v2_1.0_224_quant.tflite";

  private BenchFiles() {}

  static Path sharedModels() {
    return Paths.get(System.getProperty("snaptune.shared.models", "../shared/models"));
  }

  static Path outputDir() {
    return Paths.get(System.getProperty("snaptune.bench.out", "target/benchmarks"));
  }

  /** Writes {@code markdown} to {@code fileName} in {@link #outputDir()}; returns the file. */
  static Path writeTable(String fileName, CharSequence markdown) throws IOException {
    Path dir = outputDir();
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName);
    AtomicFiles.write(file, markdown.toString().getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** The 1-minute load average, or "n/a" off Linux: timings are read against it. */
  static String loadAverage() {
    try {
      return new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.UTF_8)
          .split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
