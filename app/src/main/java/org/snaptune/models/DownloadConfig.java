package org.snaptune.models;

import java.io.File;
import javax.net.ssl.SSLSocketFactory;
import org.snaptune.vision.ModelDownloader;

/**
 * What the backbone download fetches and how: the pinned model and labels (HTTPS addresses with
 * SHA-256 pins), the TLS trust to use (null: the platform's) and how free storage is measured, so
 * a full disk is reported before anything is written. The phone uses {@link #official()}; tests
 * point the pins at a local HTTPS server. Immutable and thread-safe.
 */
public final class DownloadConfig {

  /** Measures the usable bytes of a directory (the filesystem's, on the phone). */
  public interface FreeSpace {
    long usableBytes(File dir);
  }

  private final ModelDownloader.Pinned model;
  private final ModelDownloader.Pinned labels;
  private final SSLSocketFactory tls;
  private final FreeSpace freeSpace;

  private DownloadConfig(Builder b) {
    this.model = b.model;
    this.labels = b.labels;
    this.tls = b.tls;
    this.freeSpace = b.freeSpace;
  }

  /** The official MobileNetV2 quant model and TensorFlow's ImageNet labels, platform TLS. */
  public static DownloadConfig official() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public ModelDownloader.Pinned model() { return model; }
  public ModelDownloader.Pinned labels() { return labels; }
  /** The TLS socket factory, or null for the platform default. */
  public SSLSocketFactory tls() { return tls; }
  public FreeSpace freeSpace() { return freeSpace; }

  /** Builds a {@link DownloadConfig}; every setting is optional. Not thread-safe. */
  public static final class Builder {
    private ModelDownloader.Pinned model = ModelDownloader.MOBILENET_V2_QUANT;
    private ModelDownloader.Pinned labels = ModelDownloader.IMAGENET_LABELS;
    private SSLSocketFactory tls;
    private FreeSpace freeSpace = File::getUsableSpace;

    private Builder() {}

    /** Defaults to {@link ModelDownloader#MOBILENET_V2_QUANT}. */
    public Builder optModel(ModelDownloader.Pinned pinned) {
      this.model = pinned;
      return this;
    }

    /** Defaults to {@link ModelDownloader#IMAGENET_LABELS}. */
    public Builder optLabels(ModelDownloader.Pinned pinned) {
      this.labels = pinned;
      return this;
    }

    /** Defaults to null: the platform's trust store. */
    public Builder optTls(SSLSocketFactory factory) {
      this.tls = factory;
      return this;
    }

    /** Defaults to {@link File#getUsableSpace()}. */
    public Builder optFreeSpace(FreeSpace probe) {
      this.freeSpace = probe;
      return this;
    }

    /** @throws IllegalArgumentException if a pin or the free-space probe is null */
    public DownloadConfig build() {
      if (model == null || labels == null || freeSpace == null) {
        throw new IllegalArgumentException("DownloadConfig needs a model pin, a labels pin and a"
            + " free-space probe (leave them unset for the defaults)");
      }
      return new DownloadConfig(this);
    }
  }
}
