package org.snaptune.journey;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.snaptune.models.DownloadConfig;
import org.snaptune.vision.ModelDownloader;

/**
 * A real HTTPS server on localhost that serves the shared backbone and labels the way the model
 * host would, with a certificate made for the test; the app trusts it through the download
 * configuration's TLS factory (the phone's only path is HTTPS with the system's trust store).
 * {@link #mode} switches what the next requests get: a good file, 404, a cut-off body, wrong
 * bytes, or a slow body (to rotate and leave the screen mid-download). Closeable; thread-safe.
 */
final class LocalHttps implements AutoCloseable {

  /** What the server answers. */
  enum Mode { OK, SLOW, NOT_FOUND, TRUNCATED, WRONG_BYTES }

  static final String MODEL_PATH = "/models/mobilenet_v2_1.0_224_quant.tflite";
  static final String LABELS_PATH = "/models/labels.txt";

  final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
  private final MockWebServer server = new MockWebServer();
  private final SSLSocketFactory clientTls;
  private final byte[] model;
  private final byte[] labels;

  LocalHttps(File modelFile, File labelsFile) throws IOException {
    model = Files.readAllBytes(modelFile.toPath());
    labels = Files.readAllBytes(labelsFile.toPath());
    HeldCertificate localhost = new HeldCertificate.Builder()
        .addSubjectAlternativeName("localhost")
        .build();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(localhost).build()
        .sslSocketFactory(), false);
    clientTls = new HandshakeCertificates.Builder()
        .addTrustedCertificate(localhost.certificate()).build().sslSocketFactory();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request.getPath());
      }
    });
    server.start(java.net.InetAddress.getByName("localhost"), 0);
  }

  private MockResponse answer(String path) {
    byte[] body = MODEL_PATH.equals(path) ? model : LABELS_PATH.equals(path) ? labels : null;
    Mode m = mode.get();
    if (body == null || m == Mode.NOT_FOUND) {
      return new MockResponse().setResponseCode(404).setBody("not found");
    }
    if (body == labels) {
      return new MockResponse().setBody(new Buffer().write(labels));
    }
    switch (m) {
      case SLOW:
        // About 2.5 s for the 3.4 MB model: time to rotate and to leave the screen.
        return new MockResponse().setBody(new Buffer().write(model))
            .throttleBody(160 * 1024, 120, java.util.concurrent.TimeUnit.MILLISECONDS);
      case TRUNCATED: {
        // Announces the whole model, sends 40 % of it, then closes the connection.
        byte[] part = java.util.Arrays.copyOf(model, model.length * 2 / 5);
        return new MockResponse().setBody(new Buffer().write(part))
            .setHeader("Content-Length", model.length)
            .setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_AT_END);
      }
      case WRONG_BYTES: {
        byte[] changed = model.clone();
        changed[changed.length / 2] ^= 0x5a;
        return new MockResponse().setBody(new Buffer().write(changed));
      }
      case OK:
      case NOT_FOUND:
      default:
        return new MockResponse().setBody(new Buffer().write(model));
    }
  }

  /** The download configuration pointing at this server (pins: the real files' SHA-256s). */
  DownloadConfig config(DownloadConfig.FreeSpace freeSpace) {
    return DownloadConfig.builder()
        .optModel(new ModelDownloader.Pinned(server.url(MODEL_PATH).toString(), null,
            ModelDownloader.MOBILENET_V2_QUANT.sha256(), 64L << 20))
        .optLabels(new ModelDownloader.Pinned(server.url(LABELS_PATH).toString(), null,
            ModelDownloader.sha256(labels), 1L << 20))
        .optTls(clientTls)
        .optFreeSpace(freeSpace)
        .build();
  }

  /** Stops answering: every connection is refused, as with no network. */
  void goOffline() throws IOException {
    server.shutdown();
  }

  int requests() {
    return server.getRequestCount();
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
