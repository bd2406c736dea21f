package org.snaptune.cli;

import java.io.IOException;
import java.io.PrintStream;
import org.snaptune.model.ModelInspector;

/** {@code inspect}: verifies a .tflite file and lists its signatures, tensors and ops. */
public final class InspectCommand implements Command {

  @Override
  public String name() {
    return "inspect";
  }

  @Override
  public String synopsis() {
    return "FILE";
  }

  @Override
  public String description() {
    return "verify a .tflite file, then list its signatures (inputs, outputs), tensors and ops";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException {
    CliArgs a = CliArgs.parse(name(), args, CliArgs.names(), CliArgs.names());
    String file = a.single("FILE");
    byte[] model = CliFiles.read(file, "model");
    out.print(ModelInspector.inspect(model).format());
    return SnapTuneCli.EXIT_OK;
  }
}
