package org.snaptune.classify;

import android.content.Context;
import org.snaptune.R;
import org.snaptune.samples.SampleClass;
import org.snaptune.vision.Classification;

/**
 * The camera screen's mode line: which classifier produced the frame's result (ImageNet, the
 * class prototypes or the trained head), and what the user can do next. Decided from the typed
 * {@link ClassifyState}, never from text. Stateless.
 */
final class ModeLine {

  private ModeLine() {}

  /** The line for a frame classified by {@code source}. */
  static String of(Context c, ClassifyState state, Classification.Source source) {
    String line;
    switch (source) {
      case PERSONAL:
        line = c.getString(R.string.camera_mode_personal);
        break;
      case PROTOTYPES:
        line = c.getString(R.string.camera_mode_prototypes, state.prototypeSamples());
        break;
      case IMAGENET:
      default:
        int named = state.classes().size();
        int withSamples = 0;
        for (SampleClass k : state.classes()) {
          withSamples += k.sampleCount() > 0 ? 1 : 0;
        }
        line = c.getString(named == 0 ? R.string.camera_mode_imagenet
            : named == 1 ? R.string.camera_mode_second_class
            : withSamples < 2 ? R.string.camera_mode_need_samples
            : R.string.camera_mode_imagenet);
        break;
    }
    return state.headSetAside()
        ? line + "\n" + c.getString(R.string.camera_mode_head_set_aside) : line;
  }

  /** Before the first result: how to start, or how many samples were added. */
  static String waiting(Context c, ClassifyState state) {
    return state.classes().isEmpty() ? c.getString(R.string.camera_hint)
        : c.getString(R.string.camera_sample_added, state.samplesAdded());
  }
}
