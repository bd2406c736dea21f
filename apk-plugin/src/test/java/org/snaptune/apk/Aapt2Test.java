package org.snaptune.apk;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class Aapt2Test {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void missingBinaryNamesTheDebianPackage() {
    Aapt2 tool = new Aapt2("/nonexistent/aapt2", line -> { });
    try {
      tool.checkAvailable();
      fail("expected BuildException");
    } catch (BuildException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("install the Debian package aapt"));
    }
    assertNull(Aapt2.resolve("aapt2", "/nonexistent-dir"));
  }

  @Test
  public void resourceErrorNamesTheFileAndTheFix() throws Exception {
    assumeTrue("aapt2 not installed", Aapt2.resolve("aapt2", System.getenv("PATH")) != null);
    Path res = tmp.newFolder("res", "values").toPath();
    Files.writeString(res.resolve("strings.xml"),
        "<resources><string name=\"ok\">fine</string><string name=\"broken\">unclosed</resources>\n");
    List<String> warnings = new ArrayList<>();
    try {
      new Aapt2("aapt2", warnings::add).compileDir(res.getParent(), tmp.getRoot().toPath().resolve("out.zip"));
      fail("expected BuildException");
    } catch (BuildException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("strings.xml"));
      assertTrue(e.getMessage(), e.getMessage().contains("Fix the resource"));
    }
  }
}
