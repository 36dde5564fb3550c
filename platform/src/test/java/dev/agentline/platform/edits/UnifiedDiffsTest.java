package dev.agentline.platform.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unified diffs as models write them, read leniently and written back in canonical git form. */
class UnifiedDiffsTest {

  @Test
  void givesAPlainDiffGitHeadersAndRecountsItsHunks() {
    String diff = """
        --- a/src/App.java
        +++ b/src/App.java
        @@ -1,9 +1,2 @@ class App {
         package demo;
        -class App {}
        +class App { int x; }
        """;

    assertThat(UnifiedDiffs.normalize(diff)).isEqualTo("""
        diff --git a/src/App.java b/src/App.java
        --- a/src/App.java
        +++ b/src/App.java
        @@ -1,2 +1,2 @@ class App {
         package demo;
        -class App {}
        +class App { int x; }
        """);
  }

  @Test
  void readsNamesWithoutPrefixesAndWithTimestamps() {
    List<DiffFile> files = UnifiedDiffs.parse("--- src/App.java\t2024-05-01 10:00:00\n+++ src/App.java\t2024-05-01 10:01:00\n@@ -1 +1 @@\n-a\n+b\n");

    assertThat(files).singleElement().satisfies(file -> {
      assertThat(file.oldPath()).isEqualTo("src/App.java");
      assertThat(file.newPath()).isEqualTo("src/App.java");
    });
  }

  @Test
  void anEmptyLineInsideAHunkIsABlankContextLine() {
    DiffHunk hunk = UnifiedDiffs.parse("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n").get(0).hunks().get(0);

    assertThat(hunk.lines()).containsExactly(" a", " ", "-b", "+c");
    assertThat(hunk.oldLines()).containsExactly("a", "", "b");
  }

  @Test
  void trailingEmptyLinesAreBlankContextOnlyWhenTheStatedCountsSaySo() {
    DiffHunk counted = UnifiedDiffs.parse("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n-a\n+b\n c\n\n\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-p\n+q\n").get(0).hunks().get(0);
    DiffHunk uncounted = UnifiedDiffs.parse("--- a/x\n+++ b/x\n@@ -1,7 +1,7 @@\n-a\n+b\n c\n\n").get(0).hunks().get(0);

    assertThat(counted.lines()).containsExactly("-a", "+b", " c", " ");
    assertThat(uncounted.lines()).containsExactly("-a", "+b", " c");
  }

  @Test
  void aRemovedSqlCommentIsNotTakenForTheNextFileWhileTheCountsAreNotMet() {
    List<DiffFile> files = UnifiedDiffs.parse("--- a/q.sql\n+++ b/q.sql\n@@ -1,2 +1,2 @@\n--- old note\n+++ new note\n select 1;\n");

    assertThat(files).singleElement().satisfies(file -> assertThat(file.hunks().get(0).lines()).containsExactly("--- old note", "+++ new note", " select 1;"));
  }

  @Test
  void proseAndBulletsAfterACompleteHunkAreNotPartOfIt() {
    List<DiffFile> files = UnifiedDiffs.parse("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n\n- renamed a to b\n+ nothing else\nThat is all.\n");

    assertThat(files.get(0).hunks()).singleElement().satisfies(hunk -> assertThat(hunk.lines()).containsExactly("-a", "+b"));
  }

  @Test
  void aContextLineMissingItsSpaceIsContextWhenTheCountsFit() {
    DiffHunk hunk = UnifiedDiffs.parse("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n}\n").get(0).hunks().get(0);

    assertThat(hunk.lines()).containsExactly(" a", "-b", "+c", " }");
  }

  @Test
  void readsCreationsDeletionsAndRenames() {
    List<DiffFile> files = UnifiedDiffs.parse("""
        diff --git a/docs/NEW.md b/docs/NEW.md
        new file mode 100644
        --- /dev/null
        +++ b/docs/NEW.md
        @@ -0,0 +1,2 @@
        +# New
        +text
        diff --git a/old.txt b/old.txt
        deleted file mode 100644
        --- a/old.txt
        +++ /dev/null
        @@ -1 +0,0 @@
        -bye
        diff --git a/src/Util.java b/src/Helpers.java
        similarity index 100%
        rename from src/Util.java
        rename to src/Helpers.java
        """);

    assertThat(files).extracting(DiffFile::oldPath, DiffFile::newPath)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "docs/NEW.md"), org.assertj.core.groups.Tuple.tuple("old.txt", null),
            org.assertj.core.groups.Tuple.tuple("src/Util.java", "src/Helpers.java"));
    assertThat(UnifiedDiffs.render(files)).contains("rename from src/Util.java\nrename to src/Helpers.java\n")
        .contains("new file mode 100644\n--- /dev/null\n+++ b/docs/NEW.md\n@@ -0,0 +1,2 @@\n");
  }

  @Test
  void aHunkWithoutAHeaderRightAfterTheFileHeaderHasAnUnknownPosition() {
    DiffHunk hunk = UnifiedDiffs.parse("--- a/App.java\n+++ b/App.java\n class App {\n-  int x;\n+  long x;\n").get(0).hunks().get(0);

    assertThat(hunk.oldStart()).isEqualTo(DiffHunk.UNKNOWN);
    assertThat(hunk.header()).isEqualTo("@@ -?,2 +?,2 @@");
    assertThat(UnifiedDiffs.parse(UnifiedDiffs.normalize("--- a/App.java\n+++ b/App.java\n class App {\n-  int x;\n+  long x;\n")).get(0).hunks().get(0).oldStart())
        .as("read back from the canonical form").isEqualTo(DiffHunk.UNKNOWN);
  }

  @Test
  void refusesAnInsertionWithoutAPositionAndAFileWithoutHunks() {
    assertThatThrownBy(() -> UnifiedDiffs.parse("--- a/x\n+++ b/x\n+new line\n"))
        .isInstanceOf(MalformedDiffException.class)
        .hasMessage("hunk 1 of x only adds lines and has no @@ -line,count +line,count @@ header: say where the lines go");
    assertThatThrownBy(() -> UnifiedDiffs.parse("--- a/x\n+++ b/x\nwhatever\n")).hasMessage("file x has no @@ hunk");
    assertThatThrownBy(() -> UnifiedDiffs.parse("@@ -1 +1 @@\n-a\n+b\n")).hasMessage("line 1: @@ hunk before any ---/+++ file header");
    assertThatThrownBy(() -> UnifiedDiffs.parse("just prose")).hasMessage("no ---/+++ file header found");
  }

  @Test
  void keepsTheNoNewlineNotes() {
    DiffHunk hunk = UnifiedDiffs.parse("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n").get(0).hunks().get(0);

    assertThat(hunk.oldEndsWithoutNewline()).isTrue();
    assertThat(hunk.newEndsWithoutNewline()).isTrue();
    assertThat(hunk.header()).isEqualTo("@@ -1,1 +1,1 @@");
  }
}
