package org.snaptune.models;

import android.content.res.AssetManager;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A model packaged in the APK's assets (the build embeds one with -Dsnaptune.backbone=FILE).
 * Thread-safe: AssetManager.open may be called from any thread.
 */
public final class AssetModelSource implements ModelSource {

  private final AssetManager assets;
  private final String name;

  public AssetModelSource(AssetManager assets, String name) {
    if (assets == null || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("AssetModelSource needs an AssetManager and a non-empty asset name");
    }
    this.assets = assets;
    this.name = name;
  }

  @Override
  public byte[] read() throws IOException {
    InputStream in;
    try {
      in = assets.open(name);
    } catch (FileNotFoundException e) {
      return null;
    }
    try (InputStream s = in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = s.read(buffer)) > 0) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  @Override
  public String describe() {
    return "assets/" + name;
  }
}
