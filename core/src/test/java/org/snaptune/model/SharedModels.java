package org.snaptune.model;

import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The backbones in ../shared/models (system property {@code snaptune.shared.models}); tests that
 * need them call {@link #read} and are skipped when the files are absent.
 */
public final class SharedModels {

  public static final String MOBILENET_V2_QUANT = "mobilenet_v2_1.0_224_quant.tflite";
  public static final String MOBILENET_V1_FLOAT = "mobilenet_v1_0.25_224_float.tflite";

  private SharedModels() {}

  /** The models folder: the property, else ../shared/models seen from the repo root or module. */
  public static Path dir() {
    String prop = System.getProperty("snaptune.shared.models");
    if (prop != null && !prop.isEmpty()) {
      return Paths.get(prop);
    }
    Path fromRoot = Paths.get("../shared/models");
    return Files.isDirectory(fromRoot) ? fromRoot : Paths.get("../../shared/models");
  }

  /** The bytes of {@code name}; skips the calling test when the file is absent. */
  public static byte[] read(String name) throws IOException {
    Path p = dir().resolve(name);
    assumeTrue("needs " + p + " (set -Dsnaptune.shared.models)", Files.isRegularFile(p));
    return Files.readAllBytes(p);
  }
}
