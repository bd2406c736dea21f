package org.snaptune.training;

import android.content.Context;
import android.content.Intent;
import android.net.Uri;
import androidx.core.content.FileProvider;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.snaptune.SnapTuneApplication;
import org.snaptune.models.BackboneStore;
import org.snaptune.data.Dataset;
import org.snaptune.export.BundleReader;
import org.snaptune.export.BundleWriter;
import org.snaptune.export.ModelBundle;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.prototype.PrototypeClassifier;
import org.snaptune.settings.TrainingSettings;

/**
 * Export and import of the personalised model as a bundle (see {@link BundleWriter}): export
 * writes it into the app's cache and shares it through the {@link FileProvider}; import validates
 * a bundle the user picked and restores its backbone and head. Blocking methods: call them off the
 * main thread. Stateless and thread-safe.
 */
public final class BundleTransfer {

  /** FileProvider authority suffix declared in the manifest. */
  public static final String AUTHORITY_SUFFIX = ".exports";
  static final String EXPORT_NAME = "snaptune-model.zip";

  private BundleTransfer() {}

  /**
   * Writes the current backbone and the classifier in use as a bundle under the cache directory:
   * the trained head when one is served, else the prototypes as their imprinted linear head.
   *
   * @throws IllegalStateException when there is nothing to export yet, saying what is missing
   */
  public static File export(Context context) throws IOException {
    BackboneStore.Loaded backbone = AndroidTrainingEnvironment.backbones(context).read();
    if (backbone == null) {
      throw new IllegalStateException("no backbone to export: download or import one first");
    }
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(backbone.bytes());
    byte[] headModel;
    List<String> labels;
    TrainedHeadStore.Saved head = AndroidTrainingEnvironment.heads(context).read();
    if (head != null) {
      headModel = head.head();
      labels = head.labels();
    } else {
      // The prototypes are in use (they beat the trained head, or nothing was trained yet): export
      // them as the linear head they imprint, which ranks classes exactly as they do.
      Dataset samples = new AndroidTrainingEnvironment(context).loadSamples();
      if (samples.numClasses() < 2 || samples.size() == 0) {
        throw new IllegalStateException("nothing personalised to export yet: add photos of at"
            + " least two classes first");
      }
      PrototypeClassifier prototypes = PrototypeClassifier.fit(samples);
      headModel = HeadCompiler.compile(HeadSpec.builder()
          .setEmbeddingSize(samples.dimension())
          .setNumClasses(samples.numClasses())
          .setBatchSize(TrainingSettings.defaults().batchSize())
          .optInitialWeights(prototypes.imprintedLinearWeights())
          .build());
      labels = samples.classNames();
    }
    ModelBundle bundle = ModelBundle.builder()
        .setBackbone(adapted.model())
        .setHead(headModel)
        .setLabels(labels)
        .setInputSpec(adapted.info().inputSpec())
        .setEmbeddingSize(adapted.info().embeddingSize())
        .optCreatedBy("SnapTune")
        .build();
    File dir = new File(context.getCacheDir(), "exports");
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create " + dir);
    }
    File out = new File(dir, EXPORT_NAME);
    BundleWriter.write(bundle, out);
    return out;
  }

  /** A share-sheet intent for an exported bundle. */
  public static Intent shareIntent(Context context, File bundle) {
    Uri uri = FileProvider.getUriForFile(context, context.getPackageName() + AUTHORITY_SUFFIX,
        bundle);
    Intent send = new Intent(Intent.ACTION_SEND)
        .setType("application/zip")
        .putExtra(Intent.EXTRA_STREAM, uri)
        .putExtra(Intent.EXTRA_SUBJECT, "SnapTune model")
        .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION);
    return Intent.createChooser(send, "Share the personalised model");
  }

  /**
   * Validates the bundle in {@code in} and restores it: the backbone into the backbone store, the
   * head and labels into the trained-head store. Nothing changes when validation fails.
   *
   * @return the imported bundle
   * @throws IllegalArgumentException naming what is wrong with the bundle
   */
  public static ModelBundle importBundle(Context context, InputStream in) throws IOException {
    ModelBundle bundle = BundleReader.defaults().read(in);
    BackboneStore backbones = AndroidTrainingEnvironment.backbones(context);
    BackboneStore.Loaded current = backbones.read();
    boolean same = current != null
        && Arrays.equals(BackboneAdapter.adapt(current.bytes()).model(), bundle.backbone());
    if (!same) {
      if (SnapTuneApplication.services(context).backbone().read() != null) {
        // The build's embedded backbone always wins, so a head for another backbone would be
        // fed embeddings it was never trained on.
        throw new IllegalArgumentException("this bundle was trained on a different backbone than"
            + " the one built into this app; import it into a build without an embedded backbone");
      }
      backbones.importModel(new ByteArrayInputStream(bundle.backbone()));
    }
    AndroidTrainingEnvironment.heads(context).save(bundle.head(), bundle.labels());
    return bundle;
  }
}
