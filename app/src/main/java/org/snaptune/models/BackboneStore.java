package org.snaptune.models;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.snaptune.models.ModelSource;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.vision.ModelDownloader;

/**
 * Where the backbone comes from, in order: the model the build embedded ({@code -Dsnaptune.backbone},
 * read through the app container's {@link ModelSource}), else one downloaded or imported earlier
 * into the app's files. Downloads (official MobileNetV2 1.0 224 quant, pinned SHA-256) and imports
 * are checked by {@link BackboneAdapter} (which verifies the flatbuffer first) before they are
 * written, atomically, so a bad or half-written file is never used.
 *
 * <p>ImageNet labels: a {@code labels.txt} beside the downloaded model, else the embedded asset
 * source's sibling when the container provides one; without labels, predictions are numbered.
 *
 * <p>Thread-safe (every method works on files and is self-contained); all methods block, so call
 * them off the main thread.
 */
public final class BackboneStore {

  /** A .tflite larger than this is refused on import (the official model is 3.4 MB). */
  static final long MAX_IMPORT_BYTES = 200L << 20;

  private final ModelSource embedded;
  private final ModelSource embeddedLabels;
  private final File dir;
  private final DownloadConfig download;

  /**
   * @param embedded the build's backbone (its read() gives null when none is embedded)
   * @param embeddedLabels labels that go with it, or null
   * @param dir where downloaded and imported models live (the app's files)
   */
  public BackboneStore(ModelSource embedded, ModelSource embeddedLabels, File dir) {
    this(embedded, embeddedLabels, dir, DownloadConfig.official());
  }

  /** As above, downloading as {@code download} says (pins, TLS trust, free-space probe). */
  public BackboneStore(ModelSource embedded, ModelSource embeddedLabels, File dir,
      DownloadConfig download) {
    if (embedded == null || dir == null || download == null) {
      throw new IllegalArgumentException("BackboneStore needs a model source, a directory and a"
          + " download configuration");
    }
    this.embedded = embedded;
    this.embeddedLabels = embeddedLabels;
    this.dir = dir;
    this.download = download;
  }

  /** The stored model file (downloaded or imported). */
  public File modelFile() {
    return new File(dir, "backbone.tflite");
  }

  private File labelsFile() {
    return new File(dir, "labels.txt");
  }

  /** The backbone's bytes and where they came from, or null when there is none yet. */
  public Loaded read() throws IOException {
    byte[] bytes = embedded.read();
    if (bytes != null) {
      return new Loaded(bytes, embedded.describe());
    }
    File file = modelFile();
    if (file.isFile()) {
      return new Loaded(Files.readAllBytes(file.toPath()), "downloaded/imported " + file.getName());
    }
    return null;
  }

  /** ImageNet labels when available and exactly {@code expected} lines, else null. */
  public List<String> labels(int expected) throws IOException {
    byte[] text = null;
    if (labelsFile().isFile()) {
      text = Files.readAllBytes(labelsFile().toPath());
    } else if (embeddedLabels != null) {
      text = embeddedLabels.read();
    }
    if (text == null) {
      return null;
    }
    List<String> lines = new ArrayList<>(Arrays.asList(
        new String(text, StandardCharsets.UTF_8).split("\r?\n")));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines.size() == expected ? lines : null;
  }

  /**
   * Downloads the official model (and its labels), checks the pinned hashes and the adapter, and
   * stores both.
   *
   * Both files are kept in memory until both are checked, and each is written atomically, so a
   * failure leaves nothing half-written behind.
   *
   * @throws IOException offline ({@code UnknownHostException}), HTTP errors, a cut-off body, hash
   *     mismatch, too little free storage (checked before writing)
   */
  public void download(ModelDownloader.Progress progress, AtomicBoolean cancelled)
      throws IOException {
    byte[] bytes = ModelDownloader.download(download.model(), progress, cancelled, download.tls());
    BackboneAdapter.adapt(bytes); // the pinned model adapts; this guards a changed pin
    byte[] labelText = ModelDownloader.download(download.labels(), null, cancelled,
        download.tls());
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create " + dir);
    }
    // Twice the size: the temporary file and the one it replaces may coexist for a moment.
    long needed = 2L * (bytes.length + labelText.length);
    long free = download.freeSpace().usableBytes(dir);
    if (free < needed) {
      throw new IOException(String.format(java.util.Locale.ROOT, "not enough free storage: the"
          + " model needs %.1f MB, %.1f MB are free. Free some space", needed / 1e6, free / 1e6));
    }
    ModelDownloader.writeAtomically(labelText, labelsFile());
    ModelDownloader.writeAtomically(bytes, modelFile());
  }

  /**
   * Imports a .tflite chosen by the user.
   *
   * @throws IllegalArgumentException if it is too large, not a valid model or not an image
   *     classifier the adapter understands, saying why
   */
  public void importModel(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int r;
    while ((r = in.read(buf)) >= 0) {
      total += r;
      if (total > MAX_IMPORT_BYTES) {
        throw new IllegalArgumentException("the file is larger than " + (MAX_IMPORT_BYTES >> 20)
            + " MB; a backbone is a few MB");
      }
      out.write(buf, 0, r);
    }
    byte[] bytes = out.toByteArray();
    BackboneAdapter.adapt(bytes);
    ModelDownloader.writeAtomically(bytes, modelFile());
    if (labelsFile().isFile() && !labelsFile().delete()) {
      throw new IOException("cannot remove the old labels " + labelsFile());
    }
  }

  /** A backbone's bytes with a description of their origin. Immutable. */
  public static final class Loaded {
    private final byte[] bytes;
    private final String origin;

    Loaded(byte[] bytes, String origin) {
      this.bytes = bytes;
      this.origin = origin;
    }

    /** The model bytes; the caller owns them. */
    public byte[] bytes() { return bytes; }
    public String origin() { return origin; }
  }
}
