package org.snaptune.vision;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.snaptune.io.AtomicFiles;

/**
 * Downloads a file whose SHA-256 is pinned, with progress and cancellation, and writes files
 * atomically. Plain {@code java.net}, so the same code runs on the phone and on the JVM. Stateless
 * and thread-safe; each download blocks its calling thread (run it off the main thread).
 */
public final class ModelDownloader {

  /** What to fetch and what it must hash to. Immutable and thread-safe. */
  public static final class Pinned {
    private final String url;
    private final String tarMember;
    private final String sha256;
    private final long maxBytes;

    /**
     * @param url an {@code https://} address
     * @param tarMember the file to take out of a {@code .tgz}, or null when the URL is the file
     * @param sha256 lower-case hex SHA-256 of the file (the member, for archives)
     * @param maxBytes the largest download accepted
     */
    public Pinned(String url, String tarMember, String sha256, long maxBytes) {
      this(url, tarMember, sha256, maxBytes, false);
    }

    Pinned(String url, String tarMember, String sha256, long maxBytes, boolean allowHttp) {
      if (url == null || !(url.startsWith("https://") || (allowHttp && url.startsWith("http://")))) {
        throw new IllegalArgumentException("only https:// downloads are allowed, got " + url);
      }
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got " + sha256);
      }
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      }
      this.url = url;
      this.tarMember = tarMember;
      this.sha256 = sha256;
      this.maxBytes = maxBytes;
    }

    public String url() { return url; }
    public String sha256() { return sha256; }
  }

  /**
   * The official MobileNetV2 1.0 224 quantized model of the TensorFlow Lite hosted-models table,
   * taken out of its archive; the hash is that of the copy the tests use.
   */
  public static final Pinned MOBILENET_V2_QUANT = new Pinned(
      "https://storage.googleapis.com/download.tensorflow.org/models/tflite_11_05_08/"
          + "mobilenet_v2_1.0_224_quant.tgz",
      "mobilenet_v2_1.0_224_quant.tflite",
      "f08d447cde49b4e0446428aa921aff0a14ea589fa9c5817b31f83128e9a43c1d", 64L << 20);

  /** TensorFlow's 1001 ImageNet labels ("background" first) that go with it. */
  public static final Pinned IMAGENET_LABELS = new Pinned(
      "https://storage.googleapis.com/download.tensorflow.org/data/ImageNetLabels.txt", null,
      "536feacc519de3d418de26b2effb4d75694a8c4c0063e36499a46fa8061e2da9", 1L << 20);

  /** Receives progress on the downloading thread. */
  public interface Progress {
    /** @param total the expected size in bytes, or -1 when the server did not say */
    void onProgress(long bytes, long total);
  }

  private static final int TIMEOUT_MILLIS = 20_000;

  private ModelDownloader() {}

  /**
   * Downloads {@code what}, checks its size limit and SHA-256, and returns the file's bytes.
   *
   * @param cancelled polled between reads; when set, the download stops with an
   *     {@link InterruptedIOException}
   * @throws IOException for network failures (offline: {@code UnknownHostException}), HTTP errors
   *     and a hash that does not match the pin (the bytes are then discarded)
   */
  public static byte[] download(Pinned what, Progress progress, AtomicBoolean cancelled)
      throws IOException {
    return download(what, progress, cancelled, null);
  }

  /**
   * As {@link #download(Pinned, Progress, AtomicBoolean)}, trusting the servers that {@code tls}
   * trusts (null: the platform's trust store). Tests pass the factory of a local HTTPS server's
   * certificate; the address must still be {@code https://}.
   *
   * @throws IOException also when the body ends before the Content-Length the server announced
   */
  public static byte[] download(Pinned what, Progress progress, AtomicBoolean cancelled,
      SSLSocketFactory tls) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(what.url).openConnection();
    if (tls != null && connection instanceof HttpsURLConnection) {
      ((HttpsURLConnection) connection).setSSLSocketFactory(tls);
    }
    connection.setConnectTimeout(TIMEOUT_MILLIS);
    connection.setReadTimeout(TIMEOUT_MILLIS);
    connection.setInstanceFollowRedirects(true);
    try {
      int code = connection.getResponseCode();
      if (code != HttpURLConnection.HTTP_OK) {
        throw new IOException("the server answered HTTP " + code + " for " + what.url);
      }
      long total = connection.getContentLengthLong();
      if (total > what.maxBytes) {
        throw new IOException("the server offers " + total + " bytes, more than the "
            + what.maxBytes + " expected for " + what.url);
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream(
          total > 0 ? (int) total : 1 << 16);
      try (InputStream in = connection.getInputStream()) {
        byte[] buf = new byte[32 * 1024];
        long bytes = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
          if (cancelled != null && cancelled.get()) {
            throw new InterruptedIOException("download cancelled");
          }
          bytes += r;
          if (bytes > what.maxBytes) {
            throw new IOException("download exceeds " + what.maxBytes + " bytes: " + what.url);
          }
          body.write(buf, 0, r);
          if (progress != null) {
            progress.onProgress(bytes, total);
          }
        }
        if (total > 0 && bytes != total) {
          throw new IOException("the download was cut off after " + bytes + " of " + total
              + " bytes: " + what.url);
        }
      }
      byte[] file = body.toByteArray();
      if (what.tarMember != null) {
        try {
          file = TarGz.extract(new ByteArrayInputStream(file), what.tarMember, what.maxBytes);
        } catch (IllegalArgumentException e) {
          throw new IOException("the download is not the expected archive: " + e.getMessage(), e);
        }
      }
      String actual = sha256(file);
      if (!actual.equals(what.sha256)) {
        throw new IOException("checksum mismatch for " + what.url + ": expected SHA-256 "
            + what.sha256 + ", got " + actual);
      }
      return file;
    } finally {
      connection.disconnect();
    }
  }

  /** Lower-case hex SHA-256 of {@code data}. */
  public static String sha256(byte[] data) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
      StringBuilder hex = new StringBuilder(64);
      for (byte b : digest) {
        hex.append(String.format(Locale.ROOT, "%02x", b & 0xff));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /**
   * Writes {@code data} to {@code target} atomically ({@link AtomicFiles}), creating its folder
   * first, so a reader never sees a half-written file.
   */
  public static void writeAtomically(byte[] data, File target) throws IOException {
    File dir = target.getAbsoluteFile().getParentFile();
    if (dir != null && !dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create directory " + dir);
    }
    AtomicFiles.write(target.toPath(), data);
  }
}
