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
    return "FILE [--no-trial]";
  }

  @Override
  public String description() {
    return "verify a .tflite file, list its signatures, tensors and ops, and run it once in a child"
        + " process (--no-trial skips that)";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException {
    CliArgs a = CliArgs.parse(name(), args, CliArgs.names(), CliArgs.names("no-trial"));
    String file = a.single("FILE");
    byte[] model = CliFiles.read(file, "model");
    out.print(ModelInspector.inspect(model).format());
    if (!a.flag("no-trial")) {
      // Passing the verifier is not enough to call a file usable: run it once, isolated.
      out.println("runtime trial: " + ModelTrial.inChildProcess(model, "model '" + file + "'"));
    }
    return SnapTuneCli.EXIT_OK;
  }
}
