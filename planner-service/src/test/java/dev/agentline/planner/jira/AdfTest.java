package dev.agentline.planner.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AdfTest {
  final JsonNode issue = JiraFixtures.json("issue-CALC-7.json");

  @Test
  void aDescriptionWithListsCodeMentionsLinksAndBreaksBecomesPlainText() {
    assertThat(Adf.toText(issue.path("fields").path("description"))).isEqualTo("""
        Calculator.add(a, b) returns a - b. Reported by @Jane Doe, see the bug report (https://example.com/bugs/12).

        ## Steps to reproduce

        1. Call `add(2, 3)`
        2. Observe -1
           - expected 5

        ```java
        assertEquals(5, calc.add(2, 3));
        ```

        Line one
        Line two

        Do not change the public API⚠️""");
  }

  @Test
  void unknownNodesGiveTheirText() {
    JsonNode doc = JiraFixtures.JSON.readTree("""
        {"type": "doc", "version": 1, "content": [
          {"type": "futureBlock", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "inside a block"}]}]},
          {"type": "paragraph", "content": [{"type": "futureInline", "text": "inline text"}, {"type": "inlineCard", "attrs": {"url": "https://example.com/x"}},
            {"type": "mention", "attrs": {"id": "712020:abc"}}]},
          {"type": "mediaSingle", "content": [{"type": "media", "attrs": {"id": "x", "type": "file"}}]}
        ]}""");

    assertThat(Adf.toText(doc)).isEqualTo("inside a block\n\ninline texthttps://example.com/x@712020:abc");
  }

  @Test
  void anOrderedListKeepsItsStartAndNestedListsIndent() {
    JsonNode doc = JiraFixtures.JSON.readTree("""
        {"type": "doc", "version": 1, "content": [{"type": "orderedList", "attrs": {"order": 3}, "content": [
          {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "three"}]},
            {"type": "orderedList", "content": [{"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "inner"}]}]}]}]},
          {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "four"}]}]}]}]}""");

    assertThat(Adf.toText(doc)).isEqualTo("3. three\n   1. inner\n4. four");
  }

  @Test
  void aCustomFieldListBecomesItsItems() {
    assertThat(Adf.toLines(issue.path("fields").path("customfield_10050"))).containsExactly("add(2, 3) returns 5", "CalculatorTest passes");
  }

  @Test
  void plainStringsAndMissingValuesAreTolerated() {
    assertThat(Adf.toText(JiraFixtures.JSON.readTree("\" wiki text \""))).isEqualTo("wiki text");
    assertThat(Adf.toText(null)).isEmpty();
    assertThat(Adf.toText(issue.path("fields").path("nothing"))).isEmpty();
  }

  @Test
  void aCommentIsAnAdfDocumentWithLinks() {
    JsonNode doc = Adf.document(List.of(List.of(Adf.Run.text("PR: "), Adf.Run.link("https://git.example.com/pr/1"))));

    assertThat(doc.path("type").asString()).isEqualTo("doc");
    assertThat(doc.path("version").asInt()).isEqualTo(1);
    JsonNode link = doc.path("content").get(0).path("content").get(1);
    assertThat(link.path("marks").get(0).path("attrs").path("href").asString()).isEqualTo("https://git.example.com/pr/1");
    assertThat(Adf.toText(doc)).isEqualTo("PR: https://git.example.com/pr/1");
  }
}
