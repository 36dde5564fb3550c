package dev.agentline.toolrunner.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.Edit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchReplaceTest {
  static final Map<String, String> FILES = Map.of(
      "a.txt", "one\ntwo\nthree\n",
      "empty.txt", "",
      "crlf.txt", "alpha\r\nbeta\r\n");

  static Map<String, String> apply(Edit... edits) {
    return SearchReplace.apply(List.of(edits), path -> Optional.ofNullable(FILES.get(path)));
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
  void anEmptySearchCreatesAFileOrFillsAnEmptyOne() {
    assertThat(apply(edit("new.txt", "", "hi\n"), edit("empty.txt", "", "filled\n")))
        .containsEntry("new.txt", "hi\n")
        .containsEntry("empty.txt", "filled\n");
  }

  @Test
  void matchesLfSearchTextInACrlfFile() {
    assertThat(apply(edit("crlf.txt", "alpha\nbeta", "alpha\ngamma"))).containsEntry("crlf.txt", "alpha\r\ngamma\r\n");
  }

  @Test
  void namesTheFileAndTheFirstLineWhenTheSearchIsNotFound() {
    assertThatThrownBy(() -> apply(edit("a.txt", "one", "1"), edit("a.txt", "\n  four\nfive", "x")))
        .isInstanceOf(EditRejectedException.class)
        .hasMessage("edit 2/2: search text not found in a.txt; it begins: \"four\"");
  }

  @Test
  void refusesASearchThatOccursMoreThanOnce() {
    assertThatThrownBy(() -> apply(edit("a.txt", "t", "T")))
        .hasMessage("edit 1/1: search text occurs 2 times in a.txt; it must occur exactly once (add surrounding lines to make it unique): \"t\"");
  }

  @Test
  void refusesANonEmptySearchInAMissingFile() {
    assertThatThrownBy(() -> apply(edit("missing.txt", "x", "y")))
        .hasMessage("edit 1/1: file not found: missing.txt (only an edit with an empty search creates a file)");
  }
}
