package org.snaptune.training;

import android.content.Context;
import android.content.Intent;
import android.net.Uri;
import androidx.core.content.FileProvider;
import java.io.File;
import org.snaptune.personalise.BundleTransfer;

/** The share sheet for an exported bundle, through the app's {@link FileProvider}. Stateless. */
final class BundleShare {

  private BundleShare() {}

  /** A chooser that sends {@code bundle} with read permission for the receiving app. */
  static Intent intent(Context context, File bundle) {
    Uri uri = FileProvider.getUriForFile(context,
        context.getPackageName() + BundleTransfer.AUTHORITY_SUFFIX, bundle);
    Intent send = new Intent(Intent.ACTION_SEND)
        .setType("application/zip")
        .putExtra(Intent.EXTRA_STREAM, uri)
        .putExtra(Intent.EXTRA_SUBJECT, "SnapTune model")
        .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION);
    return Intent.createChooser(send, "Share the personalised model");
  }
}
