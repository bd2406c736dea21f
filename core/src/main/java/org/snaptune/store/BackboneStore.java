package org.snaptune.store;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.vision.DownloadConfig;
import org.snaptune.vision.ModelDownloader;

/**
 * Where the backbone comes from, in order: the model the build embedded ({@code -Dsnaptune.backbone},
 * read through a {@link ModelSource}), else one downloaded or imported earlier into the store's
 * directory. Downloads (official MobileNetV2 1.0 224 quant, pinned SHA-256) and imports are checked
 * by {@link BackboneAdapter} (which verifies the flatbuffer first); an import is also run once by
 * the {@link ModelTrial} (on the phone: in an isolated process) before it is written, atomically,
 * so a bad, crashing or half-written file is never used and the previous model stays.
 *
 * <p>{@link #adapted()} hands out the adapted model, adapting the same bytes only once: the result
 * is cached for the stored file (or the embedded model) and replaced on import and download.
 *
 * <p>ImageNet labels: a {@code labels.txt} beside the downloaded model, else the embedded labels
 * source when one is given; without labels, predictions are numbered.
 *
 * <p>Thread-safe (import, download and the cache are serialized on this store); all methods block,
 * so call them off the main thread. Plain files, no Android: the app passes the directory.
 */
public final class BackboneStore {

  /** A .tflite larger than this is refused on import (the official model is 3.4 MB). */
  public static final long MAX_IMPORT_BYTES = 200L << 20;

  private final ModelSource embedded;
  private final ModelSource embeddedLabels;
  private final File dir;
  private final DownloadConfig download;
  private final ModelTrial trial;
  /** The adapted model last handed out and what it was adapted from; guarded by this. */
  private Adapted cached;
  private String cachedKey;

  private BackboneStore(Builder b) {
    this.embedded = b.embedded;
    this.embeddedLabels = b.embeddedLabels;
    this.dir = b.dir;
    this.download = b.download;
    this.trial = b.trial;
  }

  public static Builder builder() {
    return new Builder();
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

  /**
   * The backbone adapted for embeddings, or null when there is none yet. Adapts once per stored
   * model: later calls return the same result until an import or download replaces the file.
   *
   * @throws IllegalArgumentException if the stored model cannot be adapted, saying why
   */
  public synchronized Adapted adapted() throws IOException {
    if (cached != null && cachedKey.equals(EMBEDDED)) {
      return cached; // the build's model never changes
    }
    String key = fileKey();
    if (cached != null && key != null && key.equals(cachedKey)) {
      return cached;
    }
    Loaded loaded = read();
    if (loaded == null) {
      cached = null;
      cachedKey = null;
      return null;
    }
    boolean fromBuild = !loaded.origin().startsWith("downloaded/imported ");
    cached = new Adapted(BackboneAdapter.adapt(loaded.bytes()), loaded.origin());
    cachedKey = fromBuild ? EMBEDDED : key;
    return cached;
  }

  private static final String EMBEDDED = "embedded";

  /** Identifies the stored file's current content (length and modification time), or null. */
  private String fileKey() {
    File f = modelFile();
    return f.isFile() ? f.length() + "@" + f.lastModified() : null;
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
   * stores both. The pinned model is trusted (its SHA-256 is fixed in the app), so it skips the
   * trial. Both files are kept in memory until both are checked, and each is written atomically,
   * so a failure leaves nothing half-written behind.
   *
   * @throws IOException offline ({@code UnknownHostException}), HTTP errors, a cut-off body, hash
   *     mismatch, too little free storage (checked before writing)
   */
  public void download(ModelDownloader.Progress progress, AtomicBoolean cancelled)
      throws IOException {
    byte[] bytes = ModelDownloader.download(download.model(), progress, cancelled, download.tls());
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(bytes); // guards a changed pin
    byte[] labelText = ModelDownloader.download(download.labels(), null, cancelled,
        download.tls());
    makeDir();
    // Twice the size: the temporary file and the one it replaces may coexist for a moment.
    long needed = 2L * (bytes.length + labelText.length);
    long free = download.freeSpace().usableBytes(dir);
    if (free < needed) {
      throw new IOException(String.format(Locale.ROOT, "not enough free storage: the"
          + " model needs %.1f MB, %.1f MB are free. Free some space", needed / 1e6, free / 1e6));
    }
    synchronized (this) {
      ModelDownloader.writeAtomically(labelText, labelsFile());
      ModelDownloader.writeAtomically(bytes, modelFile());
      remember(adapted, "downloaded/imported " + modelFile().getName());
    }
  }

  /**
   * Imports a .tflite chosen by the user: adapts it, runs the adapted model once in the trial,
   * and only then replaces the stored model (the labels of the previous one are dropped).
   *
   * @throws IllegalArgumentException if it is too large, not a valid model, not an image
   *     classifier the adapter understands or refused by the trial, saying why; the previous
   *     model then stays in use
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
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(bytes);
    makeDir();
    // The trial runs what the camera would run: the adapted model.
    trial.check(adapted.model(), new File(dir, ".trial-backbone.tflite"));
    synchronized (this) {
      ModelDownloader.writeAtomically(bytes, modelFile());
      if (labelsFile().isFile() && !labelsFile().delete()) {
        throw new IOException("cannot remove the old labels " + labelsFile());
      }
      remember(adapted, "downloaded/imported " + modelFile().getName());
    }
  }

  private void remember(BackboneAdapter.Result adapted, String origin) throws IOException {
    if (embedded.read() != null) {
      cached = null; // the embedded model wins over the stored one; adapted() reads it
      cachedKey = null;
      return;
    }
    cached = new Adapted(adapted, origin);
    cachedKey = fileKey();
  }

  private void makeDir() throws IOException {
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create " + dir);
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

  /** The adapted backbone and where it came from. Immutable. */
  public static final class Adapted {
    private final BackboneAdapter.Result result;
    private final String origin;

    Adapted(BackboneAdapter.Result result, String origin) {
      this.result = result;
      this.origin = origin;
    }

    /** The adapter's result: the model (a fresh copy per call) and its info. */
    public BackboneAdapter.Result result() { return result; }
    public String origin() { return origin; }
  }

  /** Builds a {@link BackboneStore}; setX are required, optX optional. Not thread-safe. */
  public static final class Builder {
    private ModelSource embedded;
    private ModelSource embeddedLabels;
    private File dir;
    private DownloadConfig download = DownloadConfig.official();
    private ModelTrial trial;

    private Builder() {}

    /** The build's backbone (its read() gives null when none is embedded). */
    public Builder setEmbedded(ModelSource source) {
      this.embedded = source;
      return this;
    }

    /** Where downloaded and imported models live (the app's files). */
    public Builder setDirectory(File directory) {
      this.dir = directory;
      return this;
    }

    /** Runs an imported model once before it is accepted. */
    public Builder setTrial(ModelTrial modelTrial) {
      this.trial = modelTrial;
      return this;
    }

    /** Labels that go with the embedded model; defaults to none. */
    public Builder optEmbeddedLabels(ModelSource labels) {
      this.embeddedLabels = labels;
      return this;
    }

    /** Defaults to {@link DownloadConfig#official()}. */
    public Builder optDownload(DownloadConfig config) {
      this.download = config;
      return this;
    }

    /** @throws IllegalArgumentException naming the missing setting */
    public BackboneStore build() {
      if (embedded == null) {
        throw new IllegalArgumentException("BackboneStore needs setEmbedded(...) (a source whose"
            + " read() gives null when the build embeds no backbone)");
      }
      if (dir == null) {
        throw new IllegalArgumentException("BackboneStore needs setDirectory(...)");
      }
      if (trial == null) {
        throw new IllegalArgumentException("BackboneStore needs setTrial(...) (ModelTrial"
            + ".REFUSE_ALL where imports are not allowed)");
      }
      if (download == null) {
        throw new IllegalArgumentException("BackboneStore: optDownload must not be null");
      }
      return new BackboneStore(this);
    }
  }
}
