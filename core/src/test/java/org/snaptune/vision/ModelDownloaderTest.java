package org.snaptune.vision;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ModelDownloaderTest {

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private HttpServer server;
  private volatile byte[] served;

  @Before
  public void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = served;
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
  }

  @After
  public void stopServer() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/model.tgz";
  }

  @Test
  public void extractsTheMemberChecksItsHashAndReportsProgress() throws IOException {
    byte[] payload = new byte[200_000];
    new Random(1).nextBytes(payload);
    served = tarGz("readme.txt", "hello".getBytes(StandardCharsets.UTF_8),
        "dir/model.tflite", payload);
    List<long[]> progress = new ArrayList<>();
    byte[] got = ModelDownloader.download(new ModelDownloader.Pinned(url(), "model.tflite",
        ModelDownloader.sha256(payload), 1 << 20, true),
        (bytes, total) -> progress.add(new long[] {bytes, total}), new AtomicBoolean());
    assertArrayEquals(payload, got);
    assertTrue(progress.size() > 1);
    long[] last = progress.get(progress.size() - 1);
    assertEquals(served.length, last[0]);
    assertEquals(served.length, last[1]);
  }

  @Test
  public void wrongHashMissingMemberAndOversizeAreIoErrors() {
    byte[] payload = "model bytes".getBytes(StandardCharsets.UTF_8);
    served = tarGz("model.tflite", payload);
    String otherHash = ModelDownloader.sha256(new byte[1]);
    expectIo("checksum mismatch", new ModelDownloader.Pinned(url(), "model.tflite", otherHash,
        1 << 20, true));
    expectIo("has no file named other.tflite", new ModelDownloader.Pinned(url(), "other.tflite",
        otherHash, 1 << 20, true));
    expectIo("more than the 10 expected", new ModelDownloader.Pinned(url(), "model.tflite",
        otherHash, 10, true));
    served = null;
    expectIo("HTTP 404", new ModelDownloader.Pinned(url(), null, otherHash, 1 << 20, true));
  }

  @Test
  public void corruptArchivesNeverEscapeAsAnythingButIoErrors() {
    byte[] payload = new byte[5000];
    byte[] good = tarGz("model.tflite", payload);
    Random random = new Random(3);
    for (int trial = 0; trial < 60; trial++) {
      byte[] bad = good.clone();
      if (trial % 2 == 0) {
        bad = java.util.Arrays.copyOf(bad, random.nextInt(bad.length));
      } else {
        bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
      }
      served = bad;
      try {
        byte[] got = ModelDownloader.download(new ModelDownloader.Pinned(url(), "model.tflite",
            ModelDownloader.sha256(payload), 1 << 20, true), null, null);
        assertArrayEquals("a flip that survives must still give the pinned bytes", payload, got);
      } catch (IOException expected) {
        assertTrue("trial " + trial + ": " + expected, expected.getMessage() != null);
      }
    }
  }

  @Test
  public void cancellationStopsTheDownload() {
    served = new byte[500_000];
    AtomicBoolean cancel = new AtomicBoolean();
    try {
      ModelDownloader.download(new ModelDownloader.Pinned(url(), null,
          ModelDownloader.sha256(served), 1 << 20, true), (b, t) -> cancel.set(true), cancel);
      fail("expected cancellation");
    } catch (InterruptedIOException e) {
      assertEquals("download cancelled", e.getMessage());
    } catch (IOException e) {
      fail("unexpected " + e);
    }
  }

  @Test
  public void onlyHttpsIsAllowedPublicly() {
    try {
      new ModelDownloader.Pinned("http://example.com/x", null, ModelDownloader.sha256(new byte[0]),
          10);
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("only https://"));
    }
  }

  @Test
  public void pinsMatchTheFilesTheTestsUse() throws IOException {
    File models = new File(System.getProperty("snaptune.shared.models", "../../shared/models"));
    File model = new File(models, "mobilenet_v2_1.0_224_quant.tflite");
    Assume.assumeTrue("shared models absent", model.isFile());
    assertEquals(ModelDownloader.MOBILENET_V2_QUANT.sha256(),
        ModelDownloader.sha256(Files.readAllBytes(model.toPath())));
    assertEquals(ModelDownloader.IMAGENET_LABELS.sha256(), ModelDownloader.sha256(
        Files.readAllBytes(new File(models, "imagenet_labels.txt").toPath())));
  }

  @Test
  public void atomicWriteReplacesTheTargetAndLeavesNoTemporaryFiles() throws IOException {
    File target = new File(folder.getRoot(), "sub/backbone.tflite");
    ModelDownloader.writeAtomically(new byte[] {1, 2}, target);
    ModelDownloader.writeAtomically(new byte[] {3}, target);
    assertArrayEquals(new byte[] {3}, Files.readAllBytes(target.toPath()));
    assertEquals(1, target.getParentFile().list().length);
  }

  private static void expectIo(String fragment, ModelDownloader.Pinned pinned) {
    try {
      ModelDownloader.download(pinned, null, null);
      fail("expected IOException containing " + fragment);
    } catch (IOException e) {
      assertTrue("'" + e.getMessage() + "' should contain '" + fragment + "'",
          e.getMessage().contains(fragment));
    }
  }

  /** A minimal ustar writer: name/data pairs. */
  static byte[] tarGz(Object... entries) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
        for (int e = 0; e < entries.length; e += 2) {
          byte[] data = (byte[]) entries[e + 1];
          byte[] header = new byte[512];
          put(header, 0, (String) entries[e]);
          put(header, 100, "0000644");
          put(header, 124, String.format("%011o", data.length));
          header[156] = '0';
          put(header, 257, "ustar");
          put(header, 263, "00");
          for (int i = 148; i < 156; i++) {
            header[i] = ' ';
          }
          int sum = 0;
          for (byte b : header) {
            sum += b & 0xff;
          }
          put(header, 148, String.format("%06o", sum));
          header[154] = 0;
          gz.write(header);
          gz.write(data);
          gz.write(new byte[(512 - data.length % 512) % 512]);
        }
        gz.write(new byte[1024]);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, offset, b.length);
  }
}
