package org.snaptune.apk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LibraryRClassesTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void keepsOnlyTheLibrarysSymbolsWithTheAppsIds() throws Exception {
    Path rTxt = tmp.newFile("R.txt").toPath();
    Files.writeString(rTxt, "int attr cardElevation 0x7f040003\n"
        + "int[] styleable CardView { 0x1010140, 0x7f040003 }\n"
        + "int styleable CardView_cardElevation 1\n");
    Path rJava = tmp.newFile("R.java").toPath();
    Files.writeString(rJava, String.join("\n",
        "package androidx.cardview;",
        "public final class R {",
        "  public static final class attr {",
        "    public static final int actionBarSize=0x7f040001;",
        "    public static final int cardElevation=0x7f040009;",
        "  }",
        "  public static final class styleable {",
        "    /**",
        "     * Attributes that can be used with a ActionBar.",
        "     */",
        "    public static final int[] ActionBar={",
        "      0x7f040001, 0x7f040002",
        "    };",
        "    /** CardView's attributes. */",
        "    public static final int[] CardView={",
        "      0x01010140, 0x7f040009",
        "    };",
        "    public static final int CardView_cardElevation=1;",
        "    public static final int ActionBar_height=0;",
        "  }",
        "}", ""));

    int kept = LibraryRClasses.trim(rJava, LibraryRClasses.symbols(List.of(rTxt, tmp.getRoot().toPath()
        .resolve("absent.txt"))));

    assertEquals(3, kept);
    String r = Files.readString(rJava);
    assertTrue(r, r.contains("public static final int cardElevation=0x7f040009;"));
    assertTrue(r, r.contains("    /** CardView's attributes. */\n    public static final int[] CardView={\n"
        + "      0x01010140, 0x7f040009\n    };"));
    assertTrue(r, r.contains("public static final int CardView_cardElevation=1;"));
    assertFalse(r, r.contains("actionBarSize"));
    assertFalse(r, r.contains("ActionBar"));
    assertTrue(r, r.trim().endsWith("}\n}") || r.trim().endsWith("}"));
    assertEquals(Set.of("attr cardElevation", "styleable CardView", "styleable CardView_cardElevation"),
        LibraryRClasses.symbols(List.of(rTxt)));
  }
}
