package org.snaptune.apk;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AlignedZipWriterTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void storedEntriesStartAtTheirAlignment() throws IOException {
    Path zip = tmp.getRoot().toPath().resolve("a.zip");
    byte[] so = new byte[10_001];
    for (int i = 0; i < so.length; i++) {
      so[i] = (byte) i;
    }
    try (AlignedZipWriter w = new AlignedZipWriter(Files.newOutputStream(zip))) {
      w.addDeflated("AndroidManifest.xml", "manifest".getBytes());
      // Odd name lengths and sizes shift every following header: each must still be aligned.
      w.addStored("resources.arsc", new byte[] {1, 2, 3}, 4);
      w.addStored("lib/arm64-v8a/libx.so", so, 16384);
      w.addDeflated("classes.dex", new byte[777]);
      w.addStored("lib/x86/liby.so", so, 4096);
      w.addStored("assets/m.tflite", new byte[5], 4);
    }
    List<ZipAlignment.StoredEntry> stored = ZipAlignment.storedEntries(zip);
    assertEquals(4, stored.size());
    for (ZipAlignment.StoredEntry e : stored) {
      int alignment = e.name().endsWith("libx.so") ? 16384 : e.name().endsWith(".so") ? 4096 : 4;
      assertEquals(e.name() + " at " + e.dataOffset(), 0, e.dataOffset() % alignment);
    }
    assertTrue(ZipAlignment.misaligned(zip, 4096).isEmpty());
    try (ZipFile read = new ZipFile(zip.toFile()); InputStream in = read.getInputStream(read.getEntry("lib/x86/liby.so"))) {
      assertArrayEquals(so, in.readAllBytes());
      assertEquals(ZipEntry.STORED, read.getEntry("lib/arm64-v8a/libx.so").getMethod());
      assertEquals(ZipEntry.DEFLATED, read.getEntry("classes.dex").getMethod());
    }
  }

  @Test
  public void checkerFindsAnUnalignedLibrary() throws IOException {
    Path zip = tmp.getRoot().toPath().resolve("plain.zip");
    try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
      byte[] data = new byte[100];
      ZipEntry e = new ZipEntry("lib/arm64-v8a/libbad.so");
      e.setMethod(ZipEntry.STORED);
      e.setSize(data.length);
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setCrc(crc.getValue());
      out.putNextEntry(e);
      out.write(data);
      out.closeEntry();
    }
    List<String> problems = ZipAlignment.misaligned(zip, 4096);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0), problems.get(0).contains("lib/arm64-v8a/libbad.so"));
    assertTrue(problems.get(0), problems.get(0).contains("4096"));
  }

  @Test
  public void rejectsBadAlignmentAndDuplicates() throws IOException {
    try (AlignedZipWriter w = new AlignedZipWriter(Files.newOutputStream(tmp.newFile().toPath()))) {
      try {
        w.addStored("x", new byte[1], 3);
        fail("3 is not a power of two");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage().contains("power of two"));
      }
      w.addDeflated("a", new byte[1]);
      try {
        w.addDeflated("a", new byte[1]);
        fail("duplicate");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage().contains("duplicate zip entry 'a'"));
      }
      w.close();
      try {
        w.addDeflated("b", new byte[1]);
        fail("closed");
      } catch (IllegalStateException e) {
        assertTrue(e.getMessage().contains("closed"));
      }
      w.close();
    }
  }

  @Test
  public void notAZipIsReported() throws IOException {
    Path junk = tmp.newFile("junk.apk").toPath();
    Files.write(junk, new byte[64]);
    try {
      ZipAlignment.storedEntries(junk);
      fail("expected IOException");
    } catch (IOException e) {
      assertFalse(e.getMessage().isEmpty());
      assertTrue(e.getMessage(), e.getMessage().contains("not a zip"));
    }
  }
}
