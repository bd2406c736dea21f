package org.snaptune.export;

import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads and validates a bundle written by {@link BundleWriter}. Input is treated as hostile: the zip
 * is streamed (its central directory is never trusted), only the three known top-level entries are
 * accepted, every entry is cut off at a size limit while inflating, a suspicious compression ratio
 * is refused, and both models are verified before any of their tables is read. Every problem is an
 * IllegalArgumentException that names it; nothing is written anywhere.
 *
 * <p>Immutable and thread-safe; {@link #defaults()} suits a phone.
 */
public final class BundleReader {

  /**
   * Largest accepted model file by default (a float MobileNetV2 is 14 MB). Both models together
   * stay under half of a phone's 256 MB heap, so even a hostile bundle is refused, not an OOM.
   */
  public static final long DEFAULT_MAX_MODEL_BYTES = 64L << 20;
  /** Largest accepted manifest. */
  public static final int MAX_MANIFEST_BYTES = 1 << 20;
  /** Inflated/compressed ratio above which a large entry is taken for a zip bomb. */
  public static final int MAX_COMPRESSION_RATIO = 100;

  private static final List<String> ENTRIES = Arrays.asList(BundleManifest.MANIFEST_ENTRY,
      BundleManifest.BACKBONE_ENTRY, BundleManifest.HEAD_ENTRY);

  private final long maxModelBytes;

  private BundleReader(long maxModelBytes) {
    this.maxModelBytes = maxModelBytes;
  }

  public static BundleReader defaults() {
    return new BundleReader(DEFAULT_MAX_MODEL_BYTES);
  }

  /** A reader whose model files may be at most {@code bytes} long (at least 1 KiB). */
  public static BundleReader withMaxModelBytes(long bytes) {
    if (bytes < 1024 || bytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("max model bytes must be in [1024, "
          + (Integer.MAX_VALUE - 16) + "], got " + bytes);
    }
    return new BundleReader(bytes);
  }

  /** Reads the bundle file {@code file}. */
  public ModelBundle read(File file) throws IOException {
    try (InputStream in = new FileInputStream(file)) {
      return read(in);
    }
  }

  /**
   * Reads a bundle from {@code in} to its end; the caller owns and closes {@code in}.
   *
   * @throws IllegalArgumentException naming what is wrong with the content
   * @throws IOException if reading the stream itself fails
   */
  public ModelBundle read(InputStream in) throws IOException {
    Counting counted = new Counting(in);
    Map<String, byte[]> files = new HashMap<>();
    BundleManifest manifest = null;
    // Closing the zip stream frees its Inflater; Counting keeps the caller's stream open.
    try (ZipInputStream zip = new ZipInputStream(counted)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String name = checkName(entry);
        if (files.containsKey(name)) {
          throw new IllegalArgumentException("bundle holds \"" + name + "\" twice");
        }
        if (name.equals(BundleManifest.MANIFEST_ENTRY)) {
          byte[] json = inflate(zip, name, MAX_MANIFEST_BYTES, -1, counted);
          manifest = BundleManifest.parse(utf8(json));
          files.put(name, json);
          continue;
        }
        // The manifest comes first (BundleWriter writes it so): its declared sizes bound every
        // allocation below, so a small hostile file cannot make the reader buffer a large one.
        if (manifest == null) {
          throw new IllegalArgumentException("bundle starts with " + name + "; a bundle starts"
              + " with " + BundleManifest.MANIFEST_ENTRY);
        }
        long declared = name.equals(BundleManifest.BACKBONE_ENTRY) ? manifest.backboneBytes()
            : manifest.headBytes();
        if (declared < 0 || declared > maxModelBytes) {
          throw new IllegalArgumentException(BundleManifest.MANIFEST_ENTRY + " declares " + name
              + " as " + declared + " bytes; the limit is " + maxModelBytes);
        }
        files.put(name, inflate(zip, name, declared, declared, counted));
      }
    } catch (ZipException e) {
      throw new IllegalArgumentException("not a valid zip bundle: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new IllegalArgumentException("not a valid zip bundle: it ends early (truncated"
          + " download or copy?)", e);
    }
    for (String name : ENTRIES) {
      if (!files.containsKey(name)) {
        throw new IllegalArgumentException("bundle has no " + name + (files.isEmpty()
            ? " (it is empty or not a zip file)" : " (found " + files.keySet() + ")"));
      }
    }
    byte[] backbone = files.get(BundleManifest.BACKBONE_ENTRY);
    byte[] head = files.get(BundleManifest.HEAD_ENTRY);
    checkFile(BundleManifest.BACKBONE_ENTRY, backbone, manifest.backboneBytes(),
        manifest.backboneSha256());
    checkFile(BundleManifest.HEAD_ENTRY, head, manifest.headBytes(), manifest.headSha256());
    ModelChecks.check(manifest, backbone, head);
    return ModelBundle.builder()
        .setBackbone(backbone)
        .setHead(head)
        .setLabels(manifest.labels())
        .setInputSpec(manifest.inputSpec())
        .setEmbeddingSize(manifest.embeddingSize())
        .optCreatedBy(manifest.createdBy())
        .build();
  }

  private static String checkName(ZipEntry entry) {
    String name = entry.getName();
    if (name.contains("..") || name.startsWith("/") || name.contains("\\") || name.contains(":")
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("unsafe entry name \"" + printable(name)
          + "\": a bundle holds only " + ENTRIES + " at its top level");
    }
    if (entry.isDirectory() || !ENTRIES.contains(name)) {
      throw new IllegalArgumentException("unexpected entry \"" + printable(name)
          + "\": a bundle holds only " + ENTRIES);
    }
    return name;
  }

  /**
   * Inflates one entry into an array that grows with the data actually read (never to more than
   * {@code limit}), so memory follows the real size, not a declared one.
   *
   * @param declared the exact size the manifest declares, or -1 when unknown
   */
  private static byte[] inflate(ZipInputStream zip, String name, long limit, long declared,
      Counting counted) throws IOException {
    long compressedStart = counted.count;
    byte[] out = new byte[(int) Math.min(limit, 64 * 1024)];
    int total = 0;
    while (true) {
      if (total == out.length) {
        if (total >= limit) {
          if (zip.read() < 0) {
            break;
          }
          throw new IllegalArgumentException(name + " inflates to more than " + limit + " bytes ("
              + (declared >= 0 ? "its size in the manifest" : "the limit for this entry")
              + "); refusing a truncated, replaced or zip-bomb file");
        }
        out = java.util.Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
      }
      int n = zip.read(out, total, out.length - total);
      if (n < 0) {
        break;
      }
      total += n;
      // Read-ahead makes the compressed count approximate; 64 KiB of slack absorbs it.
      long compressed = counted.count - compressedStart + 64 * 1024;
      if (total > (1 << 20) && total > compressed * MAX_COMPRESSION_RATIO) {
        throw new IllegalArgumentException(name + " inflates more than " + MAX_COMPRESSION_RATIO
            + "x; refusing a possible zip bomb");
      }
    }
    return total == out.length ? out : java.util.Arrays.copyOf(out, total);
  }

  private static void checkFile(String name, byte[] data, long bytes, String sha) {
    if (data.length != bytes) {
      throw new IllegalArgumentException(name + " is " + data.length + " bytes but the manifest says "
          + bytes + " (truncated or replaced file)");
    }
    if (!Sha256.hex(data).equals(sha)) {
      throw new IllegalArgumentException(name + " does not match the manifest's sha256"
          + " (corrupted or replaced file)");
    }
  }

  private static String utf8(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(BundleManifest.MANIFEST_ENTRY + " is not UTF-8 text", e);
    }
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 ? '?' : c);
    }
    return sb.toString();
  }

  /** Counts the compressed bytes the zip stream has pulled from the source. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += Math.max(0, s);
      return s;
    }

    @Override
    public void close() {
      // The caller owns the underlying stream; the zip stream must not close it.
    }
  }
}
