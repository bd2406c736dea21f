package org.snaptune.fuzz;

import java.io.File;
import org.snaptune.export.BundleReader;

/**
 * Child-process entry of {@link BundleMemoryTest}: reads each bundle file named on the command
 * line with the phone's reader and prints {@code OK name}, {@code REFUSED name reason} or
 * {@code OOM name}. Meant to run with a phone-sized heap (-Xmx256m).
 */
public final class BundleImportChild {

  private BundleImportChild() {}

  public static void main(String[] args) {
    for (String f : args) {
      String name = new File(f).getName();
      try {
        BundleReader.defaults().read(new File(f));
        System.out.println("OK " + name);
      } catch (IllegalArgumentException e) {
        System.out.println("REFUSED " + name + " " + e.getMessage());
      } catch (OutOfMemoryError e) {
        System.out.println("OOM " + name);
      } catch (Exception e) {
        System.out.println("ERROR " + name + " " + e);
      }
    }
    System.exit(0);
  }
}
