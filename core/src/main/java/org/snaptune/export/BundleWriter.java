package org.snaptune.export;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.snaptune.io.AtomicFiles;

/**
 * Writes a {@link ModelBundle} as one zip: {@code manifest.json} first (so a streaming reader
 * learns the format version before the large files), then {@code backbone.tflite} and
 * {@code head.tflite}. The bundle is validated exactly as {@link BundleReader} would, so an export
 * can always be imported. Stateless and thread-safe.
 */
public final class BundleWriter {

  private BundleWriter() {}

  /**
   * Writes {@code bundle} to {@code target} through a temporary file in the same directory and an
   * atomic rename: {@code target} either keeps its old content or holds the complete new bundle.
   *
   * @throws IllegalArgumentException if the bundle is inconsistent (see {@link BundleReader})
   * @throws IOException if the directory is not writable or the disk fails
   */
  public static void write(ModelBundle bundle, File target) throws IOException {
    BundleManifest manifest = validated(bundle);
    File dir = target.getAbsoluteFile().getParentFile();
    if (dir == null || !dir.isDirectory()) {
      throw new IOException("directory of " + target + " does not exist");
    }
    AtomicFiles.write(target.toPath(), out -> writeZip(bundle, manifest, out));
  }

  /**
   * Writes {@code bundle} to {@code out} (for example a share-sheet stream); the caller owns and
   * closes {@code out}. Nothing is written when validation fails.
   */
  public static void write(ModelBundle bundle, OutputStream out) throws IOException {
    writeZip(bundle, validated(bundle), out);
  }

  private static BundleManifest validated(ModelBundle bundle) {
    if (bundle == null) {
      throw new IllegalArgumentException("bundle is null");
    }
    BundleManifest manifest = BundleManifest.of(bundle);
    ModelChecks.check(manifest, bundle.backboneUnsafe(), bundle.headUnsafe());
    return manifest;
  }

  private static void writeZip(ModelBundle bundle, BundleManifest manifest, OutputStream out)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
    entry(zip, BundleManifest.MANIFEST_ENTRY, manifest.toJson().getBytes(StandardCharsets.UTF_8));
    entry(zip, BundleManifest.BACKBONE_ENTRY, bundle.backboneUnsafe());
    entry(zip, BundleManifest.HEAD_ENTRY, bundle.headUnsafe());
    zip.finish();
    zip.flush();
  }

  private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    // A fixed time keeps exports of the same model byte-identical.
    e.setTime(0L);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** Lets the zip stream finish without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
