package dev.agentline.planner.jira;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Atlassian Document Format, both ways: a description to plain text (markdown-like: {@code ## heading}, {@code - item},
 * {@code 1. item}, fenced code, {@code > quote}, {@code text (url)} for links, {@code @Name} for mentions; a node it does not
 * know gives its text), and a comment of paragraphs and links to ADF (Jira Cloud v3 takes nothing else).
 */
final class Adf {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Adf() {}

  /** The plain text of an ADF document (a JSON string is returned as it is; null or missing gives ""). */
  static String toText(JsonNode doc) {
    if (doc == null || doc.isNull() || doc.isMissingNode()) return "";
    if (doc.isString()) return doc.asString().strip();
    List<String> blocks = new ArrayList<>();
    for (JsonNode child : doc.path("content")) {
      String block = block(child, "");
      if (!block.isBlank()) blocks.add(block);
    }
    if (blocks.isEmpty() && !"doc".equals(type(doc))) return block(doc, "").strip();
    return String.join("\n\n", blocks).strip();
  }

  /** The lines of a document: each list item and paragraph line, without list markers. */
  static List<String> toLines(JsonNode value) {
    List<String> lines = new ArrayList<>();
    for (String line : toText(value).split("\n")) {
      String item = line.strip().replaceFirst("^([-*•]|\\d+[.)])\\s+", "").strip();
      if (!item.isEmpty() && !item.startsWith("```")) lines.add(item);
    }
    return lines;
  }

  private static String block(JsonNode node, String indent) {
    return switch (type(node)) {
      case "paragraph" -> inline(node.path("content"));
      case "heading" -> "#".repeat(Math.max(1, Math.min(6, node.path("attrs").path("level").asInt(1)))) + " " + inline(node.path("content"));
      case "bulletList" -> list(node, indent, false);
      case "orderedList" -> list(node, indent, true);
      case "codeBlock" -> "```" + node.path("attrs").path("language").asString("") + "\n" + inline(node.path("content")) + "\n```";
      case "blockquote" -> prefixLines(blocks(node.path("content"), indent, "\n\n"), "> ");
      case "rule" -> "---";
      case "mediaSingle", "mediaGroup", "media" -> "";
      case "table" -> table(node);
      default -> node.has("content") && containsBlocks(node.path("content"))
          ? blocks(node.path("content"), indent, "\n\n")
          : inline(node.has("content") ? node.path("content") : NODES.arrayNode().add(node));
    };
  }

  private static String blocks(JsonNode content, String indent, String separator) {
    List<String> out = new ArrayList<>();
    for (JsonNode child : content) {
      String block = block(child, indent);
      if (!block.isBlank()) out.add(block);
    }
    return String.join(separator, out);
  }

  private static String list(JsonNode list, String indent, boolean ordered) {
    List<String> items = new ArrayList<>();
    int number = list.path("attrs").path("order").asInt(1);
    for (JsonNode item : list.path("content")) {
      String marker = ordered ? (number++) + ". " : "- ";
      String pad = " ".repeat(marker.length());
      List<String> parts = new ArrayList<>();
      for (JsonNode child : item.path("content")) {
        String t = type(child);
        if (t.equals("bulletList") || t.equals("orderedList")) parts.add(list(child, indent + pad, t.equals("orderedList")));
        else parts.add(prefixRest(block(child, indent + pad), indent + pad));
      }
      items.add(indent + marker + String.join("\n", parts.stream().filter(p -> !p.isBlank()).toList()));
    }
    return String.join("\n", items);
  }

  private static String table(JsonNode table) {
    List<String> rows = new ArrayList<>();
    for (JsonNode row : table.path("content")) {
      List<String> cells = new ArrayList<>();
      for (JsonNode cell : row.path("content")) cells.add(blocks(cell.path("content"), "", " ").replace("\n", " "));
      rows.add("| " + String.join(" | ", cells) + " |");
    }
    return String.join("\n", rows);
  }

  private static String inline(JsonNode content) {
    StringBuilder out = new StringBuilder();
    for (JsonNode node : content) {
      switch (type(node)) {
        case "text" -> out.append(text(node));
        case "hardBreak" -> out.append('\n');
        case "mention" -> {
          String name = node.path("attrs").path("text").asString("");
          out.append(name.isBlank() ? "@" + node.path("attrs").path("id").asString("someone") : name.startsWith("@") ? name : "@" + name);
        }
        case "emoji" -> out.append(node.path("attrs").path("text").asString(node.path("attrs").path("shortName").asString("")));
        case "inlineCard", "blockCard", "embedCard" -> out.append(node.path("attrs").path("url").asString(""));
        case "date" -> out.append(java.time.Instant.ofEpochMilli(node.path("attrs").path("timestamp").asLong(0)).toString(), 0, 10);
        case "status" -> out.append('[').append(node.path("attrs").path("text").asString("")).append(']');
        default -> {
          if (node.has("text")) out.append(text(node));
          else if (node.has("content")) out.append(containsBlocks(node.path("content")) ? blocks(node.path("content"), "", "\n") : inline(node.path("content")));
        }
      }
    }
    return out.toString();
  }

  private static String text(JsonNode node) {
    String text = node.path("text").asString("");
    for (JsonNode mark : node.path("marks")) {
      if ("link".equals(type(mark))) {
        String href = mark.path("attrs").path("href").asString("");
        if (!href.isBlank() && !href.equals(text)) return text + " (" + href + ")";
      } else if ("code".equals(type(mark))) {
        return "`" + text + "`";
      }
    }
    return text;
  }

  private static boolean containsBlocks(JsonNode content) {
    for (JsonNode child : content) {
      switch (type(child)) {
        case "paragraph", "heading", "bulletList", "orderedList", "codeBlock", "blockquote", "rule", "table", "panel", "expand",
            "mediaSingle", "layoutSection", "layoutColumn", "nestedExpand", "decisionList", "taskList" -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  private static String prefixLines(String text, String prefix) {
    return prefix + text.replace("\n", "\n" + prefix);
  }

  private static String prefixRest(String text, String indent) {
    return text.replace("\n", "\n" + indent);
  }

  private static String type(JsonNode node) {
    return node.path("type").asString("");
  }

  /** A comment: one paragraph per entry, each a list of text runs; a run with a URL is a link. */
  static ObjectNode document(List<List<Run>> paragraphs) {
    ObjectNode doc = NODES.objectNode().put("type", "doc").put("version", 1);
    ArrayNode content = doc.putArray("content");
    for (List<Run> paragraph : paragraphs) {
      ArrayNode runs = content.addObject().put("type", "paragraph").putArray("content");
      for (Run run : paragraph) {
        ObjectNode text = runs.addObject().put("type", "text").put("text", run.text());
        if (run.href() != null) text.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", run.href());
      }
    }
    return doc;
  }

  /** A run of text in a comment; {@code href} makes it a link. */
  record Run(String text, String href) {
    static Run text(String text) {
      return new Run(text, null);
    }

    static Run link(String url) {
      return new Run(url, url);
    }
  }
}
