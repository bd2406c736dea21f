package org.snaptune.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snaptune.image.InputSpec;

/**
 * The {@code manifest.json} of a bundle: format marker and version, labels, preprocessing, embedding
 * size and, for each model file, its entry name, size and SHA-256. Immutable and thread-safe.
 *
 * <p>Example:
 * <pre>{@code
 * {
 *   "format": "snaptune-bundle",
 *   "formatVersion": 1,
 *   "labels": ["cat", "dog"],
 *   "embeddingSize": 1280,
 *   "preprocessing": {"width": 224, "height": 224, "dataType": "UINT8",
 *                     "mean": 128.0, "std": 128.0, "scale": 0.0078125, "zeroPoint": 128},
 *   "backbone": {"file": "backbone.tflite", "bytes": 3577760, "sha256": "…"},
 *   "head": {"file": "head.tflite", "bytes": 52344, "sha256": "…"},
 *   "createdBy": "SnapTune 0.1.0"
 * }
 * }</pre>
 */
public final class BundleManifest {

  /** Value of the {@code format} field; anything else is not a SnapTune bundle. */
  public static final String FORMAT = "snaptune-bundle";
  /** The only format version this code reads and writes. */
  public static final int FORMAT_VERSION = 1;
  public static final String MANIFEST_ENTRY = "manifest.json";
  public static final String BACKBONE_ENTRY = "backbone.tflite";
  public static final String HEAD_ENTRY = "head.tflite";

  private final List<String> labels;
  private final InputSpec inputSpec;
  private final int embeddingSize;
  private final long backboneBytes;
  private final String backboneSha256;
  private final long headBytes;
  private final String headSha256;
  private final String createdBy;

  BundleManifest(List<String> labels, InputSpec inputSpec, int embeddingSize, long backboneBytes,
      String backboneSha256, long headBytes, String headSha256, String createdBy) {
    this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
    this.inputSpec = inputSpec;
    this.embeddingSize = embeddingSize;
    this.backboneBytes = backboneBytes;
    this.backboneSha256 = backboneSha256;
    this.headBytes = headBytes;
    this.headSha256 = headSha256;
    this.createdBy = createdBy;
  }

  /** The manifest describing {@code bundle}. */
  static BundleManifest of(ModelBundle bundle) {
    return new BundleManifest(bundle.labels(), bundle.inputSpec(), bundle.embeddingSize(),
        bundle.backboneSize(), Sha256.hex(bundle.backboneUnsafe()), bundle.headSize(),
        Sha256.hex(bundle.headUnsafe()), bundle.createdBy());
  }

  public List<String> labels() { return labels; }
  public InputSpec inputSpec() { return inputSpec; }
  public int embeddingSize() { return embeddingSize; }
  public long backboneBytes() { return backboneBytes; }
  public String backboneSha256() { return backboneSha256; }
  public long headBytes() { return headBytes; }
  public String headSha256() { return headSha256; }
  public String createdBy() { return createdBy; }

  /** The manifest as JSON text. */
  String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.put("labels", labels);
    root.put("embeddingSize", embeddingSize);
    Map<String, Object> pre = new LinkedHashMap<>();
    pre.put("width", inputSpec.width());
    pre.put("height", inputSpec.height());
    pre.put("dataType", inputSpec.dataType().name());
    pre.put("mean", inputSpec.mean());
    pre.put("std", inputSpec.std());
    pre.put("scale", inputSpec.scale());
    pre.put("zeroPoint", inputSpec.zeroPoint());
    root.put("preprocessing", pre);
    root.put("backbone", fileEntry(BACKBONE_ENTRY, backboneBytes, backboneSha256));
    root.put("head", fileEntry(HEAD_ENTRY, headBytes, headSha256));
    root.put("createdBy", createdBy);
    return Json.write(root);
  }

  private static Map<String, Object> fileEntry(String name, long bytes, String sha) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", name);
    m.put("bytes", bytes);
    m.put("sha256", sha);
    return m;
  }

  /**
   * Parses and checks a manifest: format marker, version, every required field with its type and
   * range. Throws IllegalArgumentException naming the field and what is valid.
   */
  static BundleManifest parse(String json) {
    Object rootValue;
    try {
      rootValue = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(MANIFEST_ENTRY + " is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, Object> root = object(rootValue, "manifest");
    Object format = root.get("format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(MANIFEST_ENTRY + ": \"format\" must be \"" + FORMAT
          + "\", got " + (format == null ? "nothing" : "\"" + format + "\"")
          + " (not a SnapTune bundle)");
    }
    int version = integer(root, "formatVersion", 1, Integer.MAX_VALUE);
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(MANIFEST_ENTRY + ": unsupported formatVersion " + version
          + "; this app reads version " + FORMAT_VERSION
          + (version > FORMAT_VERSION ? " (update the app)" : ""));
    }
    Object labelsValue = root.get("labels");
    if (!(labelsValue instanceof List)) {
      throw field("labels", "must be an array of strings");
    }
    List<String> labels = new ArrayList<>();
    for (Object o : (List<?>) labelsValue) {
      if (!(o instanceof String)) {
        throw field("labels", "must hold only strings, found " + o);
      }
      labels.add((String) o);
    }
    try {
      ModelBundle.checkLabels(labels);
    } catch (IllegalArgumentException e) {
      throw field("labels", e.getMessage());
    }
    int embeddingSize = integer(root, "embeddingSize", 1, 1 << 20);
    InputSpec spec = inputSpec(object(root.get("preprocessing"), "preprocessing"));
    Map<String, Object> backbone = object(root.get("backbone"), "backbone");
    Map<String, Object> head = object(root.get("head"), "head");
    checkFileName(backbone, "backbone", BACKBONE_ENTRY);
    checkFileName(head, "head", HEAD_ENTRY);
    Object createdBy = root.containsKey("createdBy") ? root.get("createdBy") : "";
    if (!(createdBy instanceof String)) {
      throw field("createdBy", "must be a string");
    }
    return new BundleManifest(labels, spec, embeddingSize,
        integer(backbone, "backbone.bytes", "bytes", 1, Integer.MAX_VALUE),
        sha(backbone, "backbone.sha256"),
        integer(head, "head.bytes", "bytes", 1, Integer.MAX_VALUE),
        sha(head, "head.sha256"), (String) createdBy);
  }

  private static InputSpec inputSpec(Map<String, Object> pre) {
    int width = integer(pre, "preprocessing.width", "width", 1, 8192);
    int height = integer(pre, "preprocessing.height", "height", 1, 8192);
    Object type = pre.get("dataType");
    float mean = real(pre, "mean");
    float std = real(pre, "std");
    try {
      if ("UINT8".equals(type)) {
        return InputSpec.uint8(width, height, mean, std, real(pre, "scale"),
            integer(pre, "preprocessing.zeroPoint", "zeroPoint", 0, 255));
      }
      if ("FLOAT32".equals(type)) {
        return InputSpec.float32(width, height, mean, std);
      }
    } catch (IllegalArgumentException e) {
      throw field("preprocessing", e.getMessage());
    }
    throw field("preprocessing.dataType", "must be \"UINT8\" or \"FLOAT32\", got " + type);
  }

  private static void checkFileName(Map<String, Object> entry, String name, String expected) {
    if (!expected.equals(entry.get("file"))) {
      throw field(name + ".file", "must be \"" + expected + "\", got " + entry.get("file"));
    }
  }

  private static String sha(Map<String, Object> m, String path) {
    Object v = m.get("sha256");
    if (!(v instanceof String) || !((String) v).matches("[0-9a-f]{64}")) {
      throw field(path, "must be 64 lowercase hex digits");
    }
    return (String) v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object v, String name) {
    if (!(v instanceof Map)) {
      throw field(name, v == null ? "is missing" : "must be a JSON object");
    }
    return (Map<String, Object>) v;
  }

  private static int integer(Map<String, Object> m, String key, int min, int max) {
    return integer(m, key, key, min, max);
  }

  private static int integer(Map<String, Object> m, String path, String key, int min, int max) {
    Object v = m.get(key);
    if (!(v instanceof Double)) {
      throw field(path, v == null ? "is missing" : "must be a number, got " + v);
    }
    double d = (Double) v;
    if (d != Math.rint(d) || d < min || d > max) {
      throw field(path, String.format(Locale.ROOT, "must be an integer in [%d, %d], got %s",
          min, max, v));
    }
    return (int) d;
  }

  private static float real(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Double) || Double.isInfinite((Double) v)) {
      throw field("preprocessing." + key, v == null ? "is missing" : "must be a finite number");
    }
    return ((Double) v).floatValue();
  }

  private static IllegalArgumentException field(String path, String problem) {
    return new IllegalArgumentException(MANIFEST_ENTRY + ": \"" + path + "\" " + problem);
  }
}
