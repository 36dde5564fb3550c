package dev.agentline.toolrunner.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.Edit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SEARCH/REPLACE ladder: exact, line ends, trailing whitespace, indentation, blank lines; and the messages a retry needs. */
class SearchReplaceTest {
  static final String METHOD = "class A {\n    void f() {\n        x();\n    }\n}\n";
  static final Map<String, String> FILES = Map.of(
      "a.txt", "one\ntwo\nthree\n",
      "empty.txt", "",
      "crlf.txt", "alpha\r\nbeta\r\n",
      "A.java", METHOD,
      "Tabs.java", METHOD.replace("    ", "\t"),
      "no-eol.txt", "a\nb",
      "twice.txt", "  a\nb\n    a\nb\n");

  static Map<String, String> apply(Edit... edits) {
    return SearchReplace.apply(List.of(edits), path -> Optional.ofNullable(FILES.get(path)));
  }

  static String applyOne(String path, String search, String replace) {
    return apply(edit(path, search, replace)).get(path);
  }

  /** One edit to a file {@code content} holds, not one of {@link #FILES}. */
  static String applyTo(String content, String search, String replace) {
    return SearchReplace.apply(List.of(edit("f.txt", search, replace)), path -> Optional.of(content)).get("f.txt");
  }

  static Edit edit(String path, String search, String replace) {
    return Edit.newBuilder().setPath(path).setSearch(search).setReplace(replace).build();
  }

  @Test
  void replacesTheOneOccurrence() {
    assertThat(apply(edit("a.txt", "two\n", "2\n"))).containsExactly(Map.entry("a.txt", "one\n2\nthree\n"));
  }

  @Test
  void appliesEditsToOneFileInOrder() {
    assertThat(apply(edit("a.txt", "one", "1"), edit("a.txt", "1\ntwo", "1\n2"))).containsEntry("a.txt", "1\n2\nthree\n");
  }

  @Test
  void anEmptyOrBlankSearchCreatesAFileOrFillsAnEmptyOne() {
    assertThat(apply(edit("new.txt", "", "hi\n"), edit("empty.txt", "\n", "filled\n")))
        .containsEntry("new.txt", "hi\n")
        .containsEntry("empty.txt", "filled\n");
  }

  @Test
  void matchesLfSearchTextInACrlfFileAndWritesCrlf() {
    assertThat(applyOne("crlf.txt", "alpha\nbeta", "alpha\ngamma")).isEqualTo("alpha\r\ngamma\r\n");
    assertThat(applyOne("crlf.txt", "beta\n", "beta\ngamma\n")).isEqualTo("alpha\r\nbeta\r\ngamma\r\n");
  }

  @Test
  void keepsAMissingFinalNewlineMissing() {
    assertThat(applyOne("no-eol.txt", "b\n", "c\nd\n")).isEqualTo("a\nc\nd");
  }

  @Test
  void ignoresTrailingWhitespaceAndKeepsTheFilesVersionOfUnchangedLines() {
    assertThat(applyTo("a  \nb\t\nc\n", "a\nb\n", "a\nB\n")).isEqualTo("a  \nB\nc\n");
  }

  @Test
  void ignoresIndentationAndShiftsTheNewLinesLikeTheMatchedOnes() {
    assertThat(applyOne("A.java", "void f() {\n    x();\n}\n", "void f() {\n    x();\n    y();\n}\n"))
        .isEqualTo("class A {\n    void f() {\n        x();\n        y();\n    }\n}\n");
  }

  @Test
  void scalesTwoSpaceIndentationToTheFilesFour() {
    assertThat(applyOne("A.java", "  void f() {\n    x();\n  }\n", "  void f() {\n    x();\n    if (y) {\n      z();\n    }\n  }\n"))
        .isEqualTo("class A {\n    void f() {\n        x();\n        if (y) {\n            z();\n        }\n    }\n}\n");
  }

  @Test
  void writesTabsInAFileIndentedWithTabsWhenTheModelWroteSpaces() {
    assertThat(applyOne("Tabs.java", "    void f() {\n        x();\n", "    void f() {\n        x();\n        y();\n"))
        .isEqualTo("class A {\n\tvoid f() {\n\t\tx();\n\t\ty();\n\t}\n}\n");
  }

  @Test
  void ignoresBlankLineDifferencesAndKeepsTheFilesBlankLines() {
    assertThat(applyTo("a\n\n\nb\nc\n", "\na\nb\n\n", "\na\nB\n\n")).isEqualTo("a\n\n\nB\nc\n");
  }

  @Test
  void namesTheEditAndQuotesTheClosestLinesWhenTheSearchMatchesNowhere() {
    assertThatThrownBy(() -> apply(edit("a.txt", "one", "1"), edit("A.java", "    void g() {\n        x();\n", "x")))
        .isInstanceOf(EditRejectedException.class)
        .hasMessage("""
            edit 2/2 for A.java: the SEARCH text matches nowhere in the file, not even when whitespace, indentation and blank lines \
            are ignored. It begins: "void g() {". The closest lines in the file are 2-3 (line numbers are not part of the file):
            2|     void f() {
            3|         x();
            Copy the SEARCH lines exactly from the file.""");
  }

  @Test
  void listsThePlacesWhenTheSearchMatchesMoreThanOne() {
    assertThatThrownBy(() -> apply(edit("a.txt", "t", "T")))
        .hasMessage("edit 1/1 for a.txt: the SEARCH text matches 2 places (lines 2, 3); it must match exactly one: "
            + "add the lines around the one to change. It begins: \"t\"");
  }

  @Test
  void aSearchMatchingManyPlacesListsTheFirstTenAndCountsTheRest() {
    String content = "/*\n * header\n */\n".repeat(12);
    assertThatThrownBy(() -> applyTo(content, "/*\n", "/**\n"))
        .hasMessageContaining("matches 12 places (lines 1, 4, 7, 10, 13, 16, 19, 22, 25, 28 and 2 more)");
  }

  @Test
  void anAmbiguityAtTheFirstLevelThatMatchesIsNotResolvedByALaterOne() {
    assertThatThrownBy(() -> applyOne("twice.txt", "a \nb\n", "c\n"))
        .hasMessageContaining("matches 2 places when indentation is ignored (lines 1, 3)");
  }

  @Test
  void refusesANonEmptySearchInAMissingFileAndAnEmptyOneOnAFileWithContent() {
    assertThatThrownBy(() -> apply(edit("missing.txt", "x", "y")))
        .hasMessage("edit 1/1 for missing.txt: file not found: missing.txt (only an edit with an empty SEARCH creates a file)");
    assertThatThrownBy(() -> apply(edit("a.txt", "", "y")))
        .hasMessageStartingWith("edit 1/1 for a.txt: cannot create a.txt: it already exists and is not empty");
  }
}
