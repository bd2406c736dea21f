package org.snaptune.personalise;

import androidx.core.content.FileProvider;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.snaptune.data.Dataset;
import org.snaptune.export.BundleReader;
import org.snaptune.export.BundleWriter;
import org.snaptune.export.ModelBundle;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.prototype.PrototypeClassifier;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.store.BackboneStore;
import org.snaptune.store.HeadStore;
import org.snaptune.store.ModelSource;
import org.snaptune.store.ModelTrial;

/**
 * Export and import of the personalised model as a bundle (see {@link BundleWriter}): export
 * writes it into the app's cache (shared through the {@link FileProvider}, see BundleShare); import validates a
 * bundle the user picked, runs both its models once in the {@link ModelTrial} and only then
 * restores its backbone and head. Built once by the app container. Blocking methods: call them
 * off the main thread. Thread-safe (the stores are; it keeps no state of its own).
 */
public final class BundleTransfer {

  /** FileProvider authority suffix declared in the manifest. */
  public static final String AUTHORITY_SUFFIX = ".exports";
  static final String EXPORT_NAME = "snaptune-model.zip";

  private final BackboneStore backbones;
  private final HeadStore heads;
  private final TrainingController.Environment samples;
  private final ModelSource embedded;
  private final ModelTrial trial;
  private final File dir;

  /**
   * @param samples loads the stored samples (prototypes are exported when no head is saved)
   * @param embedded the build's backbone source (a bundle for another backbone is refused then)
   * @param dir the cache directory exports (and trial copies) are written to
   */
  public BundleTransfer(BackboneStore backbones, HeadStore heads,
      TrainingController.Environment samples, ModelSource embedded, ModelTrial trial, File dir) {
    if (backbones == null || heads == null || samples == null || embedded == null
        || trial == null || dir == null) {
      throw new IllegalArgumentException("BundleTransfer needs the backbone and head stores,"
          + " the samples, the embedded model source, a model trial and a directory");
    }
    this.backbones = backbones;
    this.heads = heads;
    this.samples = samples;
    this.embedded = embedded;
    this.trial = trial;
    this.dir = dir;
  }

  /**
   * Writes the current backbone and the classifier in use as a bundle under the cache directory:
   * the trained head when one is served, else the prototypes as their imprinted linear head.
   *
   * @throws IllegalStateException when there is nothing to export yet, saying what is missing
   */
  public File export() throws IOException {
    BackboneStore.Adapted backbone = backbones.adapted();
    if (backbone == null) {
      throw new IllegalStateException("no backbone to export: download or import one first");
    }
    BackboneAdapter.Result adapted = backbone.result();
    byte[] headModel;
    List<String> labels;
    HeadStore.Saved head = heads.read();
    if (head != null) {
      headModel = head.head();
      labels = head.labels();
    } else {
      // The prototypes are in use (they beat the trained head, or nothing was trained yet): export
      // them as the linear head they imprint, which ranks classes exactly as they do.
      Dataset data = samples.loadSamples();
      if (data.numClasses() < 2 || data.size() == 0) {
        throw new IllegalStateException("nothing personalised to export yet: add photos of at"
            + " least two classes first");
      }
      PrototypeClassifier prototypes = PrototypeClassifier.fit(data);
      headModel = HeadCompiler.compile(HeadSpec.builder()
          .setEmbeddingSize(data.dimension())
          .setNumClasses(data.numClasses())
          .setBatchSize(TrainingSettings.defaults().batchSize())
          .optInitialWeights(prototypes.imprintedLinearWeights())
          .build());
      labels = data.classNames();
    }
    ModelBundle bundle = ModelBundle.builder()
        .setBackbone(adapted.model())
        .setHead(headModel)
        .setLabels(labels)
        .setInputSpec(adapted.info().inputSpec())
        .setEmbeddingSize(adapted.info().embeddingSize())
        .optCreatedBy("SnapTune")
        .build();
    makeDir();
    File out = new File(dir, EXPORT_NAME);
    BundleWriter.write(bundle, out);
    return out;
  }

  /**
   * Validates the bundle in {@code in}, tries its head (and its backbone, when it is not the one
   * in use) once in the model trial, and restores it: the backbone into the backbone store, the
   * head and labels into the head store. Nothing changes when validation or a trial fails.
   *
   * @return the imported bundle
   * @throws IllegalArgumentException naming what is wrong with the bundle
   */
  public ModelBundle importBundle(InputStream in) throws IOException {
    ModelBundle bundle = BundleReader.defaults().read(in);
    BackboneStore.Adapted current = backbones.adapted();
    boolean same = current != null
        && Arrays.equals(current.result().model(), bundle.backbone());
    if (!same && embedded.read() != null) {
      // The build's embedded backbone always wins, so a head for another backbone would be
      // fed embeddings it was never trained on.
      throw new IllegalArgumentException("this bundle was trained on a different backbone than"
          + " the one built into this app; import it into a build without an embedded backbone");
    }
    tryHead(bundle.head());
    if (!same) {
      backbones.importModel(new ByteArrayInputStream(bundle.backbone())); // runs its own trial
    }
    heads.save(bundle.head(), bundle.labels());
    return bundle;
  }

  private void tryHead(byte[] head) throws IOException {
    makeDir();
    try {
      trial.check(head, new File(dir, ".trial-head.tflite"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the bundle's head was not accepted: " + e.getMessage(),
          e);
    }
  }

  private void makeDir() throws IOException {
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create " + dir);
    }
  }
}
