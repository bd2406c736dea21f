package org.snaptune.apk;

import com.android.manifmerger.ManifestMerger2;
import com.android.manifmerger.ManifestSystemProperty;
import com.android.manifmerger.MergingReport;
import com.android.utils.ILogger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Merges the app's manifest with every library manifest in-process (AGP's manifest merger), the way
 * an Android build does before aapt2 links. Stateless and thread-safe.
 */
final class Manifests {

  private Manifests() {}

  /** What the merger fills in or overrides. */
  record Settings(String applicationId, int minSdk, int targetSdk, int versionCode, String versionName) {}

  /**
   * Writes the merged manifest to {@code out}.
   *
   * @throws BuildException listing the merger's errors (file:line and message)
   */
  static void merge(Path main, List<Path> libraries, Settings settings, Path out, Consumer<String> warnings)
      throws BuildException {
    if (!Files.isRegularFile(main)) {
      throw new BuildException("manifest " + main + " does not exist; create it or set <androidManifest>");
    }
    List<String> errors = new ArrayList<>();
    ILogger logger = new ILogger() {
      @Override
      public void error(Throwable t, String format, Object... args) {
        errors.add(args.length == 0 ? format : String.format(format, args));
      }

      @Override
      public void warning(String format, Object... args) {
        warnings.accept(args.length == 0 ? format : String.format(format, args));
      }

      @Override
      public void info(String format, Object... args) {
        // The merger's info chatter (one line per merged element) would drown the build log.
      }

      @Override
      public void verbose(String format, Object... args) {
        // Same as info: deliberately silent.
      }
    };
    ManifestMerger2.Invoker invoker = ManifestMerger2.newMerger(main.toFile(), logger,
            ManifestMerger2.MergeType.APPLICATION)
        .setOverride(ManifestSystemProperty.Document.PACKAGE, settings.applicationId())
        .setOverride(ManifestSystemProperty.UsesSdk.MIN_SDK_VERSION, Integer.toString(settings.minSdk()))
        .setOverride(ManifestSystemProperty.UsesSdk.TARGET_SDK_VERSION, Integer.toString(settings.targetSdk()))
        .setOverride(ManifestSystemProperty.Manifest.VERSION_CODE, Integer.toString(settings.versionCode()))
        .setOverride(ManifestSystemProperty.Manifest.VERSION_NAME, settings.versionName())
        .setNamespace(settings.applicationId())
        // No implicit permissions: libraries without a targetSdk (TFLite's) would otherwise add
        // READ_PHONE_STATE and external-storage permissions the app never uses.
        .withFeatures(ManifestMerger2.Invoker.Feature.REMOVE_TOOLS_DECLARATIONS,
            ManifestMerger2.Invoker.Feature.SKIP_BLAME,
            ManifestMerger2.Invoker.Feature.NO_IMPLICIT_PERMISSION_ADDITION);
    for (Path lib : libraries) {
      invoker.addLibraryManifest(lib.getParent().getFileName().toString(), lib.toFile());
    }
    MergingReport report;
    try {
      report = invoker.merge();
    } catch (ManifestMerger2.MergeFailureException e) {
      throw new BuildException("manifest merge failed: " + e.getMessage(), e);
    }
    for (MergingReport.Record record : report.getLoggingRecords()) {
      if (record.getSeverity() == MergingReport.Record.Severity.ERROR) {
        errors.add(record.toString());
      } else if (record.getSeverity() == MergingReport.Record.Severity.WARNING) {
        warnings.accept(record.toString());
      }
    }
    if (report.getResult().isError()) {
      throw new BuildException("manifest merge failed for " + main + ":\n  " + String.join("\n  ", errors)
          + "\nFix the element named above (or mark it with tools:replace / tools:node in the app manifest).");
    }
    String merged = report.getMergedDocument(MergingReport.MergedManifestKind.MERGED);
    try {
      Files.createDirectories(out.getParent());
      Files.writeString(out, merged, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BuildException("cannot write merged manifest " + out + ": " + e.getMessage(), e);
    }
  }
}
