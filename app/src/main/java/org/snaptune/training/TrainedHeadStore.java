package org.snaptune.training;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.snaptune.models.HeadSource;
import org.snaptune.io.AtomicFiles;
import org.snaptune.model.ModelInspector;
import org.snaptune.model.ModelInspectorReport;
import org.snaptune.prototype.HeldOutRecord;
import org.snaptune.runtime.SignatureRunnerFactory;

/**
 * The user's trained head and its class names, kept as one file ({@code personal_head.zip}: the
 * head .tflite and a labels list) so they are always replaced together, written all or nothing
 * by {@link AtomicFiles}. Training saves here when it ends, import restores here, and the camera
 * screen loads from here as its {@link HeadSource}; {@link #version()} changes on every save so a
 * screen can tell it must reload.
 *
 * <p>Thread-safe: saves are serialized and reads see either the old or the new file.
 */
public final class TrainedHeadStore implements HeadSource {

  static final String FILE = "personal_head.zip";
  /** Which classifier the last training kept and why (one line), beside the head file. */
  static final String DECISION_FILE = "classifier_choice.txt";
  private static final String HEAD = "head.tflite";
  private static final String LABELS = "labels.txt";
  /** The head's held-out accuracy per class, for the next run's regression gate. */
  private static final String RECORD = "heldout.tsv";
  private static final long MAX_BYTES = 64L << 20;
  private static final AtomicLong VERSION = new AtomicLong();

  private final File dir;
  private final SignatureRunnerFactory factory;
  private final int threads;

  /** The saved head and its labels. Immutable. */
  public static final class Saved {
    private final byte[] head;
    private final List<String> labels;
    private final HeldOutRecord record;

    Saved(byte[] head, List<String> labels, HeldOutRecord record) {
      this.head = head;
      this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
      this.record = record;
    }

    /** A copy of the head .tflite bytes. */
    public byte[] head() { return head.clone(); }
    public List<String> labels() { return labels; }

    /** Its held-out accuracy per class, or null (imported, or saved by an older version). */
    public HeldOutRecord record() { return record; }
  }

  /**
   * @param dir the app's files directory for the personal model
   * @param factory opens the head for {@link #load}
   */
  public TrainedHeadStore(File dir, SignatureRunnerFactory factory, int threads) {
    if (dir == null || factory == null || threads < 1) {
      throw new IllegalArgumentException("TrainedHeadStore needs a directory, a runner factory and"
          + " at least one thread");
    }
    this.dir = dir;
    this.factory = factory;
    this.threads = threads;
  }

  /** Changes whenever any store in this process saves or clears a head. */
  public static long version() {
    return VERSION.get();
  }

  /**
   * Saves {@code head} with {@code labels}, replacing any earlier head.
   *
   * @throws IllegalArgumentException if the head fails verification or its class count differs
   */
  public synchronized void save(byte[] head, List<String> labels) throws IOException {
    save(head, labels, null);
  }

  /**
   * Saves {@code head} with {@code labels} and its held-out {@code record} (may be null),
   * replacing any earlier head.
   *
   * @throws IllegalArgumentException if the head fails verification or its class count differs
   */
  public synchronized void save(byte[] head, List<String> labels, HeldOutRecord record)
      throws IOException {
    int[] dims = headDims(head);
    if (dims[1] != labels.size()) {
      throw new IllegalArgumentException("the head has " + dims[1] + " classes but "
          + labels.size() + " labels were given");
    }
    for (String l : labels) {
      if (l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("label \"" + l.trim() + "\" spans several lines");
      }
    }
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create " + dir);
    }
    AtomicFiles.write(new File(dir, FILE).toPath(), out -> {
      // Not closed here: AtomicFiles owns the stream, syncs and renames it after finish().
      ZipOutputStream zip = new ZipOutputStream(out);
      zip.putNextEntry(new ZipEntry(HEAD));
      zip.write(head);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(LABELS));
      zip.write(String.join("\n", labels).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      if (record != null) {
        zip.putNextEntry(new ZipEntry(RECORD));
        zip.write(record.toBytes());
        zip.closeEntry();
      }
      zip.finish();
    });
    // Only once the new file is in place, so a screen that reloads on the change sees it.
    VERSION.incrementAndGet();
  }

  /** The saved head, or null when the app is not personalised yet. */
  public Saved read() throws IOException {
    File f = new File(dir, FILE);
    if (!f.isFile()) {
      return null;
    }
    byte[] head = null;
    List<String> labels = null;
    HeldOutRecord record = null;
    try (InputStream in = new FileInputStream(f); ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        byte[] data = readLimited(zip);
        if (HEAD.equals(e.getName())) {
          head = data;
        } else if (LABELS.equals(e.getName())) {
          labels = Arrays.asList(new String(data, StandardCharsets.UTF_8).split("\n", -1));
        } else if (RECORD.equals(e.getName())) {
          try {
            record = HeldOutRecord.parse(data);
          } catch (IllegalArgumentException bad) {
            // A damaged record only costs the regression gate its comparison.
            record = null;
          }
        }
      }
    }
    if (head == null || labels == null) {
      throw new IOException(f + " is incomplete; train or import again");
    }
    return new Saved(head, labels, record);
  }

  /** Deletes the saved head; the camera goes back to ImageNet labels. */
  public synchronized void clear() {
    File f = new File(dir, FILE);
    if (f.exists() && !f.delete()) {
      throw new IllegalStateException("cannot delete " + f);
    }
    try {
      // Saves are serialized on this store, so no write of the file can be under way.
      AtomicFiles.deleteLeftovers(f.toPath());
    } catch (IOException e) {
      // A leftover temporary file only costs space; the head itself is gone.
    }
    VERSION.incrementAndGet();
  }

  /**
   * Records which classifier the last training kept and why (one line, atomically); the camera
   * screen can show it. Not part of the head file, so clearing the head keeps the reason.
   */
  public synchronized void saveDecision(String line) throws IOException {
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create " + dir);
    }
    AtomicFiles.write(new File(dir, DECISION_FILE).toPath(),
        line.replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
  }

  /** The line {@link #saveDecision} stored last, or null. */
  public String lastDecision() throws IOException {
    File f = new File(dir, DECISION_FILE);
    return f.isFile() ? new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8) : null;
  }

  @Override
  public Head load(int embeddingSize) {
    Saved saved;
    try {
      saved = read();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the trained head: " + e.getMessage(), e);
    }
    if (saved == null || headDims(saved.head)[0] != embeddingSize) {
      return null;
    }
    return new Head(factory.open(saved.head, threads), saved.labels);
  }

  /** {embedding size, classes} of a head's {@code infer}; IllegalArgumentException if invalid. */
  static int[] headDims(byte[] head) {
    ModelInspectorReport r = ModelInspector.inspect(head);
    ModelInspectorReport.Signature infer = r.signature("infer");
    List<ModelInspectorReport.Tensor> tensors = r.subgraphs().get(infer.subgraph()).tensors();
    Integer x = infer.inputs().get("x");
    Integer p = infer.outputs().get("probabilities");
    if (x == null || p == null) {
      throw new IllegalArgumentException("the head's infer signature needs input x and output"
          + " probabilities, has " + infer.inputs().keySet() + " → " + infer.outputs().keySet());
    }
    int[] xs = tensors.get(x).shape();
    int[] ps = tensors.get(p).shape();
    if (xs.length != 2 || ps.length != 2) {
      throw new IllegalArgumentException("the head's infer tensors must be 2-D, got "
          + Arrays.toString(xs) + " and " + Arrays.toString(ps));
    }
    return new int[] {xs[1], ps[1]};
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_BYTES) {
        throw new IOException("trained head file is larger than " + MAX_BYTES + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
