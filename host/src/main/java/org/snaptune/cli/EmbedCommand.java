package org.snaptune.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.snaptune.vision.BackboneRunnerChecks;

/**
 * {@code embed}: turns pictures into the embedding CSV that {@code train} reads, through an adapted
 * backbone on the host runtime. Pictures come from a folder ({@code DIR/<label>/*.png|jpg|jpeg},
 * the sub-folder naming the class) or from an IDX image file with {@code --labels} (label numbers,
 * or names from {@code --label-names}). Stateless; the output is written atomically.
 */
public final class EmbedCommand implements Command {

  @Override
  public String name() {
    return "embed";
  }

  @Override
  public String synopsis() {
    return "--backbone MODEL.tflite --images DIR|IMAGES.idx[.gz] [--labels LABELS.idx[.gz]]"
        + " [--label-names a,b,...] [--limit N] [--threads T] --out FILE.csv";
  }

  @Override
  public String description() {
    return "embed pictures (PNG/JPEG folders per class, or an IDX image+label pair) into CSV";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException {
    CliArgs a = CliArgs.parse(name(), args, CliArgs.names("backbone", "images", "labels",
        "label-names", "limit", "threads", "out"), CliArgs.names());
    if (!a.positionals().isEmpty()) {
      throw new IllegalArgumentException("'embed' takes no positional arguments, got "
          + a.positionals());
    }
    String outFile = a.required("out");
    CliFiles.checkOutput(outFile);
    byte[] backbone = CliFiles.read(a.required("backbone"), "backbone");
    // Untrusted file: one run in a child JVM first, so a kernel crash cannot take this one down.
    out.println("trial: " + ModelTrial.inChildProcess(backbone,
        "backbone '" + a.required("backbone") + "'"));
    Path images = Paths.get(a.required("images"));
    int limit = a.intValue("limit", Integer.MAX_VALUE);
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    int threads = a.intValue("threads", 2);
    if (threads < 1 || threads > BackboneRunnerChecks.MAX_THREADS) {
      throw new IllegalArgumentException("--threads must be 1 to "
          + BackboneRunnerChecks.MAX_THREADS + " (parallel workers, one core each), got "
          + threads);
    }
    StringBuilder csv = new StringBuilder();
    long start = System.nanoTime();
    int count;
    try (ParallelEmbedder embedder = new ParallelEmbedder(backbone, threads)) {
      out.println("engine: " + embedder.engine());
      if (Files.isDirectory(images)) {
        if (a.has("labels") || a.has("label-names")) {
          throw new IllegalArgumentException("--labels and --label-names are for IDX input; a"
              + " folder takes labels from its sub-folder names");
        }
        count = embedFolder(embedder, images, limit, csv);
      } else {
        if (!Files.isRegularFile(images)) {
          throw new IllegalArgumentException("--images '" + images + "' does not exist");
        }
        count = embedIdx(embedder, images, a, limit, csv);
      }
      double s = (System.nanoTime() - start) / 1e9;
      CliFiles.writeAtomically(outFile, EmbeddingCsv.bytes(csv));
      out.printf(Locale.ROOT, "embedded %d pictures (D=%d) in %.1f s (%.1f ms each) -> %s%n", count,
          embedder.dimension(), s, 1000 * s / count, outFile);
    }
    return 0;
  }

  private static int embedFolder(ParallelEmbedder embedder, Path dir, int limit,
      StringBuilder csv) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir, 2)) {
      walk.filter(Files::isRegularFile).filter(EmbedCommand::isPicture).forEach(files::add);
    }
    Collections.sort(files);
    List<Path> chosen = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Path f : files) {
      if (chosen.size() >= limit) {
        break;
      }
      Path rel = dir.relativize(f);
      if (rel.getNameCount() != 2) {
        throw new IllegalArgumentException("picture " + f + " is not in a class sub-folder; put"
            + " pictures in " + dir + "/<label>/");
      }
      chosen.add(f);
      labels.add(rel.getName(0).toString());
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no PNG or JPEG pictures under " + dir
          + "/<label>/");
    }
    List<ParallelEmbedder.Source> sources = new ArrayList<>();
    for (Path f : chosen) {
      sources.add(() -> decode(f));
    }
    float[][] embeddings = embedder.embedAll(sources);
    for (int i = 0; i < embeddings.length; i++) {
      EmbeddingCsv.appendRow(csv, labels.get(i), embeddings[i]);
    }
    return embeddings.length;
  }

  private static ParallelEmbedder.Picture decode(Path f) {
    BufferedImage img;
    try {
      // Bounded: the header's size is checked before a single pixel is allocated.
      img = PictureReader.read(f);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot decode picture " + f + ": " + e.getMessage(), e);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    return new ParallelEmbedder.Picture(img.getRGB(0, 0, w, h, null, 0, w), w, h);
  }

  private static boolean isPicture(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  private static int embedIdx(ParallelEmbedder embedder, Path images, CliArgs a, int limit,
      StringBuilder csv) throws IOException {
    if (!a.has("labels")) {
      throw new IllegalArgumentException("IDX input needs --labels LABELS.idx[.gz] beside --images");
    }
    IdxImages idx = IdxImages.read(images, Paths.get(a.required("labels")));
    List<String> names = a.has("label-names")
        ? Arrays.asList(a.required("label-names").split(",", -1)) : null;
    int n = Math.min(limit, idx.count());
    if (n == 0) {
      throw new IllegalArgumentException(images + " holds no images");
    }
    List<String> labels = new ArrayList<>();
    List<ParallelEmbedder.Source> sources = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = idx.label(i);
      if (names == null) {
        labels.add(Integer.toString(label));
      } else if (label < names.size()) {
        labels.add(names.get(label).trim());
      } else {
        throw new IllegalArgumentException("image " + i + " has label " + label + " but"
            + " --label-names gives only " + names.size() + " names");
      }
      final int k = i;
      sources.add(() -> new ParallelEmbedder.Picture(idx.argb(k), idx.cols(), idx.rows()));
    }
    float[][] embeddings = embedder.embedAll(sources);
    for (int i = 0; i < n; i++) {
      EmbeddingCsv.appendRow(csv, labels.get(i), embeddings[i]);
    }
    return n;
  }
}
