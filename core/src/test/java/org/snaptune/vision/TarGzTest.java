package org.snaptune.vision;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.Test;

/** TarGz reads a member and still checks the gzip trailer's CRC-32 after it (issue 14). */
public class TarGzTest {

  /** A ustar archive with one regular file, gzipped. */
  static byte[] tarGz(String name, byte[] data) throws Exception {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", data.length));
    put(header, 136, "00000000000");
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(header);
      gz.write(data);
      gz.write(new byte[(512 - data.length % 512) % 512 + 1024]);
    }
    return out.toByteArray();
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  @Test
  public void extractsTheMemberAndRefusesABadTrailerCrc() throws Exception {
    byte[] model = "TFL3 model bytes".getBytes(StandardCharsets.US_ASCII);
    byte[] good = tarGz("pkg/model.tflite", model);
    assertArrayEquals(model, TarGz.extract(new ByteArrayInputStream(good), "model.tflite", 1024));
    byte[] bad = good.clone();
    bad[bad.length - 8] ^= 1; // first byte of the trailer's CRC-32
    try {
      TarGz.extract(new ByteArrayInputStream(bad), "model.tflite", 1024);
      fail("accepted an archive whose gzip CRC does not match");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("corrupt gzip data"));
    }
  }
}
