package org.snaptune.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.snaptune.image.InputSpec;
import org.snaptune.io.JsonText;

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

  /** Nesting limit: a manifest needs two levels; the margin is for future fields. */
  static final int MAX_DEPTH = 16;

  /** The manifest as JSON text. */
  String toJson() {
    JsonObject root = new JsonObject();
    root.addProperty("format", FORMAT);
    root.addProperty("formatVersion", FORMAT_VERSION);
    JsonArray labelArray = new JsonArray();
    for (String label : labels) {
      labelArray.add(label);
    }
    root.add("labels", labelArray);
    root.addProperty("embeddingSize", embeddingSize);
    JsonObject pre = new JsonObject();
    pre.addProperty("width", inputSpec.width());
    pre.addProperty("height", inputSpec.height());
    pre.addProperty("dataType", inputSpec.dataType().name());
    pre.addProperty("mean", inputSpec.mean());
    pre.addProperty("std", inputSpec.std());
    pre.addProperty("scale", inputSpec.scale());
    pre.addProperty("zeroPoint", inputSpec.zeroPoint());
    root.add("preprocessing", pre);
    root.add("backbone", fileEntry(BACKBONE_ENTRY, backboneBytes, backboneSha256));
    root.add("head", fileEntry(HEAD_ENTRY, headBytes, headSha256));
    root.addProperty("createdBy", createdBy);
    return JsonText.write(root);
  }

  private static JsonObject fileEntry(String name, long bytes, String sha) {
    JsonObject m = new JsonObject();
    m.addProperty("file", name);
    m.addProperty("bytes", bytes);
    m.addProperty("sha256", sha);
    return m;
  }

  /**
   * Parses and checks a manifest: strict JSON ({@link JsonText}: no duplicate names, bounded
   * nesting), format marker, version, every required field with its type and range. Unknown
   * fields are ignored, so a later writer may add some. Throws IllegalArgumentException naming
   * the field and what is valid.
   */
  static BundleManifest parse(String json) {
    JsonElement rootValue;
    try {
      rootValue = JsonText.parse(json, MAX_DEPTH);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(MANIFEST_ENTRY + " is not valid JSON: " + e.getMessage(), e);
    }
    JsonObject root = object(rootValue, "manifest");
    JsonElement format = root.get("format");
    if (!isString(format) || !FORMAT.equals(format.getAsString())) {
      throw new IllegalArgumentException(MANIFEST_ENTRY + ": \"format\" must be \"" + FORMAT
          + "\", got " + (format == null ? "nothing" : format.toString())
          + " (not a SnapTune bundle)");
    }
    int version = integer(root, "formatVersion", 1, Integer.MAX_VALUE);
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(MANIFEST_ENTRY + ": unsupported formatVersion " + version
          + "; this app reads version " + FORMAT_VERSION
          + (version > FORMAT_VERSION ? " (update the app)" : ""));
    }
    JsonElement labelsValue = root.get("labels");
    if (labelsValue == null || !labelsValue.isJsonArray()) {
      throw field("labels", "must be an array of strings");
    }
    List<String> labels = new ArrayList<>();
    for (JsonElement o : labelsValue.getAsJsonArray()) {
      if (!isString(o)) {
        throw field("labels", "must hold only strings, found " + o);
      }
      labels.add(o.getAsString());
    }
    try {
      ModelBundle.checkLabels(labels);
    } catch (IllegalArgumentException e) {
      throw field("labels", e.getMessage());
    }
    int embeddingSize = integer(root, "embeddingSize", 1, 1 << 20);
    InputSpec spec = inputSpec(object(root.get("preprocessing"), "preprocessing"));
    JsonObject backbone = object(root.get("backbone"), "backbone");
    JsonObject head = object(root.get("head"), "head");
    checkFileName(backbone, "backbone", BACKBONE_ENTRY);
    checkFileName(head, "head", HEAD_ENTRY);
    JsonElement createdBy = root.has("createdBy") ? root.get("createdBy") : new JsonPrimitive("");
    if (!isString(createdBy)) {
      throw field("createdBy", "must be a string");
    }
    return new BundleManifest(labels, spec, embeddingSize,
        integer(backbone, "backbone.bytes", "bytes", 1, Integer.MAX_VALUE),
        sha(backbone, "backbone.sha256"),
        integer(head, "head.bytes", "bytes", 1, Integer.MAX_VALUE),
        sha(head, "head.sha256"), createdBy.getAsString());
  }

  private static InputSpec inputSpec(JsonObject pre) {
    int width = integer(pre, "preprocessing.width", "width", 1, 8192);
    int height = integer(pre, "preprocessing.height", "height", 1, 8192);
    JsonElement typeValue = pre.get("dataType");
    String type = isString(typeValue) ? typeValue.getAsString() : null;
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
    throw field("preprocessing.dataType", "must be \"UINT8\" or \"FLOAT32\", got " + typeValue);
  }

  private static void checkFileName(JsonObject entry, String name, String expected) {
    JsonElement file = entry.get("file");
    if (!isString(file) || !expected.equals(file.getAsString())) {
      throw field(name + ".file", "must be \"" + expected + "\", got " + file);
    }
  }

  private static String sha(JsonObject m, String path) {
    JsonElement v = m.get("sha256");
    if (!isString(v) || !v.getAsString().matches("[0-9a-f]{64}")) {
      throw field(path, "must be 64 lowercase hex digits");
    }
    return v.getAsString();
  }

  private static boolean isString(JsonElement v) {
    return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
  }

  private static JsonObject object(JsonElement v, String name) {
    if (v == null || !v.isJsonObject()) {
      throw field(name, v == null ? "is missing" : "must be a JSON object");
    }
    return v.getAsJsonObject();
  }

  private static int integer(JsonObject m, String key, int min, int max) {
    return integer(m, key, key, min, max);
  }

  private static int integer(JsonObject m, String path, String key, int min, int max) {
    JsonElement v = m.get(key);
    if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      throw field(path, v == null ? "is missing" : "must be a number, got " + v);
    }
    double d = v.getAsDouble();
    if (d != Math.rint(d) || d < min || d > max) {
      throw field(path, String.format(Locale.ROOT, "must be an integer in [%d, %d], got %s",
          min, max, v));
    }
    return (int) d;
  }

  private static float real(JsonObject m, String key) {
    JsonElement v = m.get(key);
    if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()
        || Float.isInfinite(v.getAsFloat())) {
      throw field("preprocessing." + key, v == null ? "is missing" : "must be a finite number");
    }
    return v.getAsFloat();
  }

  private static IllegalArgumentException field(String path, String problem) {
    return new IllegalArgumentException(MANIFEST_ENTRY + ": \"" + path + "\" " + problem);
  }
}
