package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextQueryTest {
  static final String CODE = "class A {\r\n  int a = 1;\r\n  // int b\r\n  int abc() { return a + 1; }\r\n}\r\n";

  static List<String> hits(TextQuery query, String content) {
    List<String> hits = new ArrayList<>();
    query.forEachHit("A.java", content, hits::add);
    return hits;
  }

  @Test
  void aLiteralQueryTakesRegexCharactersAsText() {
    assertThat(hits(TextQuery.of("a + 1", false, "SEARCH query"), CODE)).containsExactly("A.java:4:   int abc() { return a + 1; }");
    assertThat(hits(TextQuery.of("int .", false, "SEARCH query"), CODE)).isEmpty();
  }

  @Test
  void aRegexIsFoundPerLineWithAnchorsAtTheLineEndsAndCrlfLinesNumberedLikeReadFiles() {
    TextQuery declaration = TextQuery.of("^\\s+int \\w+( =|\\()", true, "SEARCH query");
    TextQuery lineEnd = TextQuery.of("\\{$", true, "SEARCH query");

    assertThat(hits(declaration, CODE)).containsExactly("A.java:2:   int a = 1;", "A.java:4:   int abc() { return a + 1; }");
    assertThat(hits(lineEnd, CODE)).containsExactly("A.java:1: class A {");
    assertThat(declaration.quoted()).isEqualTo("/^\\s+int \\w+( =|\\()/");
  }

  @Test
  void aRegexIsCaseSensitiveUnlessItSaysOtherwise() {
    assertThat(hits(TextQuery.of("CLASS", true, "SEARCH query"), CODE)).isEmpty();
    assertThat(hits(TextQuery.of("(?i)CLASS", true, "SEARCH query"), CODE)).containsExactly("A.java:1: class A {");
  }

  @Test
  void aRegexThatDoesNotCompileFailsNamingItAndTheSyntaxError() {
    assertThatThrownBy(() -> TextQuery.of("abc(", true, "query 2"))
        .isInstanceOf(ToolFailure.class)
        .hasMessage("query 2 is not a valid regular expression: /abc(/: Unclosed group at index 4");
  }

  @Test
  void aRegexThatBacktracksForTooLongFailsInsteadOfHoldingTheConsumer() {
    TextQuery runaway = TextQuery.of("(.*,){12}X", true, "SEARCH query", 200); // about a minute on this line unbounded
    String line = "a,".repeat(30);

    long start = System.nanoTime();
    assertThatThrownBy(() -> hits(runaway, line + "\n" + line + "\n"))
        .isInstanceOf(ToolFailure.class)
        .hasMessage("the regular expression /(.*,){12}X/ ran for more than 200 ms (catastrophic backtracking?); "
            + "simplify it, e.g. avoid nested quantifiers such as (a+)+");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
  }

  @Test
  void longLinesAreShownCut() {
    String line = "x".repeat(400) + " needle";

    assertThat(hits(TextQuery.of("needle", false, "SEARCH query"), line)).containsExactly("A.java:1: " + "x".repeat(300) + "…");
  }
}
