package org.snaptune.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.BackboneInfo;

/**
 * {@code adapt}: exposes a classifier's pooled embedding as a second output ({@link
 * BackboneAdapter}), checks on the host runtime, in a child JVM, that the original outputs are
 * unchanged (unless {@code --no-check}), and writes the result atomically.
 */
public final class AdaptCommand implements Command {

  @Override
  public String name() {
    return "adapt";
  }

  @Override
  public String synopsis() {
    return "BACKBONE --out FILE [--no-check]";
  }

  @Override
  public String description() {
    return "add a classifier's pooled embedding as an output, keeping its logits";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException {
    CliArgs a = CliArgs.parse(name(), args, CliArgs.names("out"), CliArgs.names("no-check"));
    String in = a.single("BACKBONE");
    String outFile = a.required("out");
    CliFiles.checkOutput(outFile);
    byte[] original = CliFiles.read(in, "backbone");
    BackboneAdapter.Result r = BackboneAdapter.adapt(original);
    BackboneInfo info = r.info();
    byte[] adapted = r.model();
    out.println(info.describe());
    if (!a.flag("no-check")) {
      out.println("check: " + AdaptCheck.inChildProcess(original, adapted));
    }
    Path written = CliFiles.writeAtomically(outFile, adapted);
    out.println("wrote " + written + " (" + adapted.length + " bytes; output 0 = logits, output "
        + info.embedding().outputIndex() + " = embedding)");
    return SnapTuneCli.EXIT_OK;
  }
}
