package dev.agentline.platform.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.agentline.schemas.Edit;
import org.junit.jupiter.api.Test;

/** SEARCH/REPLACE blocks as models write them, read through {@link EditAnswers}. */
class EditBlockReaderTest {
  private final EditBlockReader reader = new EditBlockReader();

  private static EditAnswer read(String answer) {
    return EditAnswers.read(answer);
  }

  @Test
  void readsOneBlockKeepingExactTextWithTrailingNewlines() {
    EditAnswer output = read("""
        src/main/java/demo/App.java
        <<<<<<< SEARCH
        class App {
            int x = 1;
        }
        =======
        class App {
            int x = 2;
        }
        >>>>>>> REPLACE
        """);

    assertThat(output.ok()).as(output.error()).isTrue();
    assertThat(output.edits()).containsExactly(Edit.newBuilder()
        .setPath("src/main/java/demo/App.java")
        .setSearch("class App {\n    int x = 1;\n}\n")
        .setReplace("class App {\n    int x = 2;\n}\n")
        .build());
  }

  @Test
  void readsSeveralBlocksForSeveralFilesAndKeepsTheExplanation() {
    EditAnswer output = read("""
        I add the controller and use it.

        src/main/java/demo/App.java
        <<<<<<< SEARCH
        old app
        =======
        new app
        >>>>>>> REPLACE
        <<<<<<< SEARCH
        second old
        =======
        second new
        >>>>>>> REPLACE

        src/main/java/demo/Other.java
        <<<<<<< SEARCH
        other old
        =======
        >>>>>>> REPLACE
        """);

    assertThat(output.edits()).extracting(Edit::getPath, Edit::getSearch, Edit::getReplace).containsExactly(
        tuple("src/main/java/demo/App.java", "old app\n", "new app\n"),
        tuple("src/main/java/demo/App.java", "second old\n", "second new\n"),
        tuple("src/main/java/demo/Other.java", "other old\n", ""));
    assertThat(output.explanation()).isEqualTo("I add the controller and use it.");
  }

  @Test
  void anEmptySearchCreatesAFile() {
    EditAnswer output = read("""
        src/main/java/demo/Hello.java
        <<<<<<< SEARCH
        =======
        package demo;

        class Hello {}
        >>>>>>> REPLACE
        """);

    assertThat(output.edits()).singleElement().satisfies(edit -> {
      assertThat(edit.getSearch()).isEmpty();
      assertThat(edit.getReplace()).isEqualTo("package demo;\n\nclass Hello {}\n");
    });
  }

  @Test
  void readsBlocksInsideFencesWithThePathBeforeOrInsideTheFence() {
    EditAnswer output = read("""
        **src/a.txt**
        ```text
        <<<<<<< SEARCH
        a
        =======
        A
        >>>>>>> REPLACE
        ```

        ```java
        src/B.java
        <<<<<<< SEARCH
        b
        =======
        B
        >>>>>>> REPLACE
        ```
        """);

    assertThat(output.edits()).extracting(Edit::getPath, Edit::getReplace)
        .containsExactly(tuple("src/a.txt", "A\n"), tuple("src/B.java", "B\n"));
    assertThat(output.explanation()).isNull();
  }

  @Test
  void acceptsWindowsLineEnds() {
    EditAnswer output = read("a.txt\r\n<<<<<<< SEARCH\r\nx\r\n=======\r\ny\r\n>>>>>>> REPLACE\r\n");

    assertThat(output.edits()).singleElement().extracting(Edit::getSearch, Edit::getReplace).containsExactly("x\n", "y\n");
  }

  @Test
  void saysWhichBlockMissesItsDivider() {
    EditAnswer output = read("""
        a.txt
        <<<<<<< SEARCH
        x
        =======
        y
        >>>>>>> REPLACE
        b.txt
        <<<<<<< SEARCH
        x
        y
        >>>>>>> REPLACE
        """);

    assertThat(output.error()).isEqualTo("SEARCH/REPLACE block 2 (b.txt): missing ======= line after the SEARCH lines");
  }

  @Test
  void saysWhenTheReplaceMarkerIsMissing() {
    assertThat(read("a.txt\n<<<<<<< SEARCH\nx\n=======\ny\n").error())
        .isEqualTo("SEARCH/REPLACE block 1 (a.txt): missing >>>>>>> REPLACE line after the new lines");
  }

  @Test
  void saysWhenTheFirstBlockHasNoPath() {
    assertThat(read("<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n").error())
        .isEqualTo("SEARCH/REPLACE block 1 has no file path: put the path alone on the line before <<<<<<< SEARCH");
  }

  @Test
  void refusesPathsOutsideTheRepository() {
    assertThat(read("../etc/passwd\n<<<<<<< SEARCH\n=======\nx\n>>>>>>> REPLACE\n").error())
        .isEqualTo("SEARCH/REPLACE block 1 (../etc/passwd): file path must not contain '..': ../etc/passwd");
    assertThat(read("/tmp/x\n<<<<<<< SEARCH\n=======\nx\n>>>>>>> REPLACE\n").error())
        .contains("must be relative to the repository root");
  }

  @Test
  void refusesAReplaceMarkerWithoutSearch() {
    assertThat(read("a.txt\nx\n>>>>>>> REPLACE\n").error()).isEqualTo("line 3: >>>>>>> REPLACE without a <<<<<<< SEARCH before it");
  }

  @Test
  void findsNothingInPlainProse() {
    assertThat(reader.read("Looks good to me, nothing to change.")).isEmpty();
  }

  @Test
  void findsThePathInTheFenceInfoStringOrAfterTheMarkerOrInAComment() {
    EditAnswer output = read("""
        ```java src/A.java
        <<<<<<< SEARCH
        a
        =======
        A
        >>>>>>> REPLACE
        ```
        ```python
        # File: tools/b.py
        <<<<<<< SEARCH
        b
        =======
        B
        >>>>>>> REPLACE
        ```
        <<<<<<< SEARCH c/C.kt
        c
        =======
        C
        >>>>>>> REPLACE
        """);

    assertThat(output.edits()).extracting(Edit::getPath).containsExactly("src/A.java", "tools/b.py", "c/C.kt");
  }

  @Test
  void findsThePathQuotedOnceInTheSentenceBeforeTheFence() {
    EditAnswer output = read("""
        Update `src/main/resources/application.yml` so the port is configurable:

        ```yaml
        <<<<<<< SEARCH
        port: 8080
        =======
        port: ${PORT:8080}
        >>>>>>> REPLACE
        ```
        """);

    assertThat(output.edits()).singleElement().extracting(Edit::getPath).isEqualTo("src/main/resources/application.yml");
    assertThat(output.explanation()).isEqualTo("Update `src/main/resources/application.yml` so the port is configurable:");
  }

  @Test
  void acceptsMarkerVariations() {
    EditAnswer output = read("a.txt\n<<<<< search\nx\n=========\ny\n>>>>>>>>> Replace\nb.txt\n<<<<<<< ORIGINAL\nu\n=======\nv\n>>>>>>> UPDATED\n");

    assertThat(output.edits()).extracting(Edit::getPath, Edit::getSearch, Edit::getReplace)
        .containsExactly(tuple("a.txt", "x\n", "y\n"), tuple("b.txt", "u\n", "v\n"));
  }

  @Test
  void aMarkdownHeadingUnderlineIsNotTakenForTheDivider() {
    EditAnswer output = read("""
        README.md
        <<<<<<< SEARCH
        Title
        =====
        old
        =======
        Title
        =====
        new
        >>>>>>> REPLACE
        """);

    assertThat(output.edits()).singleElement().extracting(Edit::getSearch, Edit::getReplace)
        .containsExactly("Title\n=====\nold\n", "Title\n=====\nnew\n");
  }

  @Test
  void aBlockWhoseReplaceMarkerIsMissingEndsAtItsClosingFence() {
    EditAnswer output = read("```\na.txt\n<<<<<<< SEARCH\nx\n=======\ny\n```\nThat is all.\n");

    assertThat(output.edits()).singleElement().extracting(Edit::getSearch, Edit::getReplace).containsExactly("x\n", "y\n");
    assertThat(output.explanation()).isEqualTo("That is all.");
  }

  @Test
  void aBlockCutOffAtTheEndOfTheAnswerIsRefused() {
    assertThat(read("```\na.txt\n<<<<<<< SEARCH\nx\n=======\ny\n").error())
        .isEqualTo("SEARCH/REPLACE block 1 (a.txt): missing >>>>>>> REPLACE line after the new lines");
  }

  @Test
  void aSentenceWithoutAPathIsNotTakenForOne() {
    assertThat(read("Here is the change:\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n").error())
        .isEqualTo("SEARCH/REPLACE block 1 has no file path: put the path alone on the line before <<<<<<< SEARCH");
  }

  @Test
  void lineNumbersCopiedFromARangedReadAreDropped() {
    EditAnswer output = read("""
        src/main/java/demo/App.java
        <<<<<<< SEARCH
          12|     int x = 1;
          13|
          14|     int y = 2;
        =======
          12|     int x = 10;
          13|
            int y = 20;
        >>>>>>> REPLACE
        """);
    assertThat(output.edits()).extracting(Edit::getSearch, Edit::getReplace)
        .containsExactly(tuple("    int x = 1;\n\n    int y = 2;\n", "    int x = 10;\n\n    int y = 20;\n"));
  }

  @Test
  void aSearchWhoseLinesAreNotAllNumberedIsKeptAsWritten() {
    EditAnswer output = read("""
        docs/table.md
        <<<<<<< SEARCH
        1| first
        plain line
        =======
        1| changed
        plain line
        >>>>>>> REPLACE
        """);
    assertThat(output.edits()).extracting(Edit::getSearch).containsExactly("1| first\nplain line\n");
  }
}
