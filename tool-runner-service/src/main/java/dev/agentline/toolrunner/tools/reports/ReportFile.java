package dev.agentline.toolrunner.tools.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one JUnit XML report (Surefire, Failsafe, Gradle, Ant: a {@code testsuite} root, or
 * {@code testsuites} around several) into its test cases, streaming (StAX), so a report with
 * megabytes of {@code system-out} costs no memory. A test case's outcome is read from its direct
 * children: {@code failure} (FAILED), {@code error} (ERRORED), {@code skipped}; Surefire's
 * {@code flakyFailure}/{@code flakyError} (passed on a rerun) leave it passed. DTDs and external
 * entities are refused, so a hostile report can neither read files nor expand entities.
 */
final class ReportFile {
  /** Characters of a failure's body (its stack trace) kept while reading; the rest is never needed. */
  static final int MAX_BODY_CHARS = 16_000;

  enum Result { PASSED, FAILED, ERRORED, SKIPPED }

  /** One test case; message and body are empty unless it FAILED or ERRORED. */
  record Case(String testClass, String testName, Result result, String message, String body) {}

  /** A file that is not a readable JUnit report: not XML, truncated, or another kind of document. */
  static final class NotAReportException extends Exception {
    NotAReportException(String message) {
      super(message);
    }
  }

  private static final XMLInputFactory FACTORY = factory();

  private ReportFile() {}

  static List<Case> read(Path file) throws IOException, NotAReportException {
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader xml = FACTORY.createXMLStreamReader(in);
      try {
        return read(xml);
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw new NotAReportException("not well-formed XML (" + brief(e.getMessage()) + ")");
    }
  }

  private static List<Case> read(XMLStreamReader xml) throws XMLStreamException, NotAReportException {
    List<Case> cases = new ArrayList<>();
    String suite = "";
    int depth = 0;
    int caseDepth = -1;
    CaseBuilder current = null;
    boolean capturing = false;
    while (xml.hasNext()) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        String name = xml.getLocalName();
        if (depth == 0 && !name.equals("testsuite") && !name.equals("testsuites")) {
          throw new NotAReportException("root element is <" + name + ">, not <testsuite> or <testsuites>");
        }
        if (name.equals("testsuite")) suite = attribute(xml, "name");
        if (name.equals("testcase") && current == null) {
          String testClass = attribute(xml, "classname");
          if (testClass.isEmpty()) testClass = attribute(xml, "class");
          if (testClass.isEmpty()) testClass = suite;
          current = new CaseBuilder(testClass, attribute(xml, "name"));
          caseDepth = depth;
        } else if (current != null && depth == caseDepth + 1) {
          capturing = current.child(name, attribute(xml, "message"));
        }
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
        if (current != null && depth == caseDepth) {
          cases.add(current.build());
          current = null;
        } else if (depth == caseDepth + 1) {
          capturing = false;
        }
      } else if (capturing && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
        current.body(xml.getText());
      }
    }
    if (depth != 0) throw new NotAReportException("the document ends inside an element");
    return cases;
  }

  private static final class CaseBuilder {
    final String testClass;
    final String testName;
    Result result = Result.PASSED;
    String message = "";
    final StringBuilder body = new StringBuilder();

    CaseBuilder(String testClass, String testName) {
      this.testClass = testClass;
      this.testName = testName;
    }

    /** A direct child of the test case; true when its text is the failure's body. */
    boolean child(String name, String message) {
      Result seen = switch (name) {
        case "failure" -> Result.FAILED;
        case "error" -> Result.ERRORED;
        case "skipped" -> Result.SKIPPED;
        default -> null;
      };
      // The first failure or error decides; a skip never hides one.
      if (seen == null || result == Result.FAILED || result == Result.ERRORED) return false;
      result = seen;
      if (seen == Result.SKIPPED) return false;
      this.message = message;
      return true;
    }

    void body(String text) {
      if (body.length() < MAX_BODY_CHARS) body.append(text, 0, Math.min(text.length(), MAX_BODY_CHARS - body.length()));
    }

    Case build() {
      return new Case(testClass, testName, result, message, body.toString());
    }
  }

  private static String attribute(XMLStreamReader xml, String name) {
    String value = xml.getAttributeValue(null, name);
    return value == null ? "" : value.strip();
  }

  private static String brief(String text) {
    if (text == null) return "no detail";
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory;
  }
}
