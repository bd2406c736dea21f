package org.snaptune.apk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ResourceMacrosTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void referencesAreReplacedByValuesAndDeclarationsDropped() throws Exception {
    Path res = tmp.newFolder("res").toPath();
    Path values = Files.createDirectories(res.resolve("values"));
    Files.writeString(values.resolve("values.xml"), "<resources>\n"
        + "  <macro name=\"m3_sys_primary\">?attr/colorPrimary</macro>\n"
        + "  <macro name=\"m3_comp_fab\">@macro/m3_sys_primary</macro>\n"
        + "  <style name=\"S\"><item name=\"backgroundTint\">@macro/m3_comp_fab</item></style>\n"
        + "</resources>\n");
    Path color = Files.createDirectories(res.resolve("color"));
    Files.writeString(color.resolve("c.xml"),
        "<selector><item android:color=\"@macro/m3_sys_primary\"/></selector>");

    assertEquals(2, ResourceMacros.expand(res));

    String v = Files.readString(values.resolve("values.xml"));
    assertFalse(v, v.contains("macro"));
    assertTrue(v, v.contains("<item name=\"backgroundTint\">?attr/colorPrimary</item>"));
    assertEquals("<selector><item android:color=\"?attr/colorPrimary\"/></selector>",
        Files.readString(color.resolve("c.xml")));
  }

  @Test
  public void withoutMacrosNothingIsRewritten() throws Exception {
    Path res = tmp.newFolder("plain").toPath();
    Path values = Files.createDirectories(res.resolve("values"));
    Files.writeString(values.resolve("v.xml"), "<resources><color name=\"c\">#fff</color></resources>");
    long before = Files.getLastModifiedTime(values.resolve("v.xml")).toMillis();
    assertEquals(0, ResourceMacros.expand(res));
    assertEquals(before, Files.getLastModifiedTime(values.resolve("v.xml")).toMillis());
  }

  @Test
  public void anUndeclaredMacroIsNamed() throws Exception {
    Path res = tmp.newFolder("bad").toPath();
    Path values = Files.createDirectories(res.resolve("values"));
    Files.writeString(values.resolve("v.xml"),
        "<resources><style name=\"S\"><item name=\"a\">@macro/missing</item></style></resources>");
    BuildException e = assertThrows(BuildException.class, () -> ResourceMacros.expand(res));
    assertTrue(e.getMessage(), e.getMessage().contains("@macro/missing"));
  }
}
