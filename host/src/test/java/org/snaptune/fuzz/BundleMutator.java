package org.snaptune.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.snaptune.export.BundleManifest;

/**
 * Deterministic bundle mutants for the fuzz harness (mutant {@code i} is a pure function of (seed,
 * i)): byte-level edits of the zip, truncations, and structural ones: edited manifest numbers,
 * strings and labels (with or without fixing the declared sizes and hashes), a model replaced by a
 * model mutant, entries reordered, duplicated, added or stored uncompressed, and zip bombs. Not
 * thread-safe.
 */
final class BundleMutator {

  private static final String[] LABEL_TRICKS = {"", " ", "a\u202Eb", "\uD800", "x\u007F",
      "\u200B", "dup", "\n", "\u0085", "very long " + new String(new char[300]).replace('\0', 'x')};

  private final byte[] bundle;
  private final Map<String, byte[]> entries;
  private final ModelMutator backboneMutants;
  private final ModelMutator headMutants;
  private final long seed;
  String lastEdit = "";

  BundleMutator(byte[] bundle, long seed) throws IOException {
    this.bundle = bundle;
    this.entries = unzip(bundle);
    this.backboneMutants = new ModelMutator(java.util.Collections.singletonList(
        new ModelMutator.Seed("backbone", entries.get(BundleManifest.BACKBONE_ENTRY))), seed);
    this.headMutants = new ModelMutator(java.util.Collections.singletonList(
        new ModelMutator.Seed("head", entries.get(BundleManifest.HEAD_ENTRY))), seed);
    this.seed = seed;
  }

  byte[] mutant(int i) throws IOException {
    Random r = new Random(mix(seed, i, 2));
    switch (r.nextInt(8)) {
      case 0: {
        byte[] b = bundle.clone();
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        lastEdit = n + " bit flips";
        return b;
      }
      case 1: {
        int cut = r.nextInt(bundle.length);
        lastEdit = "truncated at " + cut;
        return Arrays.copyOf(bundle, cut);
      }
      case 2:
        return manifestEdit(r, r.nextBoolean());
      case 3: {
        Map<String, byte[]> e = new LinkedHashMap<>(entries);
        boolean backbone = r.nextBoolean();
        String name = backbone ? BundleManifest.BACKBONE_ENTRY : BundleManifest.HEAD_ENTRY;
        ModelMutator models = backbone ? backboneMutants : headMutants;
        byte[] model = models.mutant(r.nextInt(1 << 20));
        e.put(name, model);
        lastEdit = name + " := model mutant (" + models.lastEdit + "), manifest fixed";
        e.put(BundleManifest.MANIFEST_ENTRY, fixManifest(e, name));
        return zip(e, r.nextInt(5) == 0);
      }
      case 4: {
        List<String> names = new ArrayList<>(entries.keySet());
        java.util.Collections.shuffle(names, r);
        Map<String, byte[]> e = new LinkedHashMap<>();
        for (String n : names) {
          e.put(n, entries.get(n));
        }
        lastEdit = "entries in order " + names;
        return zip(e, r.nextBoolean());
      }
      case 5: {
        Map<String, byte[]> e = new LinkedHashMap<>(entries);
        String[] extra = {"../evil", "/abs", "extra.txt", "dir/", "a\\b", "c:d",
            BundleManifest.HEAD_ENTRY};
        String name = extra[r.nextInt(extra.length)];
        lastEdit = "extra entry " + name;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
          for (Map.Entry<String, byte[]> x : e.entrySet()) {
            put(z, x.getKey(), x.getValue(), false);
          }
          put(z, name, new byte[] {1, 2, 3}, false);
        } catch (java.util.zip.ZipException dup) {
          return zip(e, false);
        }
        return out.toByteArray();
      }
      case 6: {
        Map<String, byte[]> e = new LinkedHashMap<>(entries);
        String name = r.nextBoolean() ? BundleManifest.BACKBONE_ENTRY : BundleManifest.HEAD_ENTRY;
        int size = (1 << 20) * (1 + r.nextInt(8));
        e.put(name, new byte[size]); // zeros: inflates ~1000x
        if (r.nextBoolean()) {
          e.put(BundleManifest.MANIFEST_ENTRY, fixManifest(e, name));
          lastEdit = "zip bomb " + name + " of " + size + " zero bytes, manifest fixed";
        } else {
          lastEdit = "zip bomb " + name + " of " + size + " zero bytes";
        }
        return zip(e, false);
      }
      default:
        return manifestEdit(r, true);
    }
  }

  private byte[] manifestEdit(Random r, boolean fixSizes) throws IOException {
    String json = new String(entries.get(BundleManifest.MANIFEST_ENTRY), StandardCharsets.UTF_8);
    String edited;
    switch (r.nextInt(6)) {
      case 0: {
        // Replace one number with another.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?")
            .matcher(json);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
          spans.add(new int[] {m.start(), m.end()});
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        String[] values = {"0", "-1", "1", "2147483647", "2147483648", "1e309", "NaN", "3.5",
            "99999999999999999999", String.valueOf(r.nextInt(100000))};
        edited = json.substring(0, s[0]) + values[r.nextInt(values.length)] + json.substring(s[1]);
        break;
      }
      case 1: {
        String trick = LABEL_TRICKS[r.nextInt(LABEL_TRICKS.length)];
        edited = json.replaceFirst("\"labels\": \\[\"[^\"]*\"", "\"labels\": [\""
            + Json(trick) + "\"");
        break;
      }
      case 2: {
        int at = r.nextInt(json.length());
        edited = json.substring(0, at) + json.substring(Math.min(json.length(), at + 1
            + r.nextInt(8)));
        break;
      }
      case 3: {
        StringBuilder labels = new StringBuilder();
        int n = r.nextBoolean() ? 10_001 : 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
          labels.append(k == 0 ? "" : ",").append("\"l").append(k).append('"');
        }
        edited = json.replaceFirst("\"labels\": \\[[^\\]]*\\]", "\"labels\": [" + labels + "]");
        break;
      }
      case 4:
        edited = json.replace("\"", r.nextBoolean() ? "'" : "\"\"");
        break;
      default: {
        String[] keys = {"formatVersion", "embeddingSize", "width", "height", "dataType",
            "sha256", "bytes", "format", "mean", "std", "scale", "zeroPoint"};
        String k = keys[r.nextInt(keys.length)];
        edited = json.replaceFirst("\"" + k + "\"", "\"" + k + "_gone\"");
        break;
      }
    }
    Map<String, byte[]> e = new LinkedHashMap<>(entries);
    e.put(BundleManifest.MANIFEST_ENTRY, edited.getBytes(StandardCharsets.UTF_8));
    lastEdit = "manifest edited" + (fixSizes ? "" : " (raw)");
    return zip(e, r.nextInt(4) == 0);
  }

  private static String Json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c == 0x7F || c == 0x85) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The manifest with {@code name}'s declared size and hash fitted to its new content. */
  private byte[] fixManifest(Map<String, byte[]> e, String name) {
    String json = new String(entries.get(BundleManifest.MANIFEST_ENTRY), StandardCharsets.UTF_8);
    byte[] data = e.get(name);
    String key = name.equals(BundleManifest.BACKBONE_ENTRY) ? "backbone" : "head";
    int at = json.indexOf("\"" + key + "\"");
    String head = json.substring(0, at);
    String tail = json.substring(at)
        .replaceFirst("\"bytes\": \\d+", "\"bytes\": " + data.length)
        .replaceFirst("\"sha256\": \"[0-9a-f]+\"", "\"sha256\": \"" + sha256(data) + "\"");
    return (head + tail).getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] data) {
    try {
      StringBuilder s = new StringBuilder();
      for (byte b : java.security.MessageDigest.getInstance("SHA-256").digest(data)) {
        s.append(String.format("%02x", b & 0xff));
      }
      return s.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = z.read(buf)) > 0; ) {
          b.write(buf, 0, n);
        }
        out.put(e.getName(), b.toByteArray());
      }
    }
    return out;
  }

  static byte[] zip(Map<String, byte[]> entries, boolean stored) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        put(z, e.getKey(), e.getValue(), stored);
      }
    }
    return out.toByteArray();
  }

  private static void put(ZipOutputStream z, String name, byte[] data, boolean stored)
      throws IOException {
    ZipEntry e = new ZipEntry(name);
    if (stored) {
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setMethod(ZipEntry.STORED);
      e.setSize(data.length);
      e.setCompressedSize(data.length);
      e.setCrc(crc.getValue());
    }
    z.putNextEntry(e);
    z.write(data);
    z.closeEntry();
  }

  /** A well-mixed seed per mutant: java.util.Random's first outputs for adjacent seeds agree. */
  static long mix(long seed, int i, int stream) {
    long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + stream;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
