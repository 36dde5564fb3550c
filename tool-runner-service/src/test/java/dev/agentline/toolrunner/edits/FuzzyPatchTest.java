package dev.agentline.toolrunner.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.platform.edits.UnifiedDiffs;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hunks git apply would refuse, placed the forgiving way. */
class FuzzyPatchTest {
  static final String SERVICE = """
      class Service {
          int a() {
              return 1;
          }

          int b() {
              return 1;
          }
      }
      """;

  static Map<String, Optional<String>> apply(Map<String, String> files, String diff) {
    return FuzzyPatch.apply(UnifiedDiffs.parse(diff), path -> Optional.ofNullable(files.get(path)));
  }

  @Test
  void placesAHunkWithWrongLineNumbersAndDriftedIndentation() {
    String diff = """
        --- a/Service.java
        +++ b/Service.java
        @@ -40,3 +40,4 @@
         int b() {
        -    return 1;
        +    int two = 2;
        +    return two;
         }
        """;

    assertThat(apply(Map.of("Service.java", SERVICE), diff).get("Service.java")).contains(SERVICE.replace(
        "    int b() {\n        return 1;\n", "    int b() {\n        int two = 2;\n        return two;\n"));
  }

  @Test
  void ofSeveralEqualPlacesTakesTheOneNearestTheStatedLine() {
    String diff = "--- a/Service.java\n+++ b/Service.java\n@@ -7,2 +7,2 @@\n-        return 1;\n+        return 2;\n     }\n";

    assertThat(apply(Map.of("Service.java", SERVICE), diff).get("Service.java")).contains(SERVICE.replace(
        "    int b() {\n        return 1;\n", "    int b() {\n        return 2;\n"));
  }

  @Test
  void refusesAmbiguousContextWhenTheHunkStatesNoLine() {
    String diff = "--- a/Service.java\n+++ b/Service.java\n-        return 1;\n+        return 2;\n     }\n";

    assertThatThrownBy(() -> apply(Map.of("Service.java", SERVICE), diff))
        .isInstanceOf(EditRejectedException.class)
        .hasMessage("unified diff, file 1/1 (Service.java), hunk 1/1 (@@ -?,2 +?,2 @@): its context and '-' lines match 2 places (lines 3, 7) "
            + "and the hunk states no line number; give it an @@ -line,count +line,count @@ header or more context lines");
  }

  @Test
  void namesTheHunkAndQuotesTheClosestLinesWhenItMatchesNowhere() {
    String diff = "--- a/Service.java\n+++ b/Service.java\n@@ -1,2 +1,2 @@\n int c() {\n-    return 3;\n+    return 4;\n";

    assertThatThrownBy(() -> apply(Map.of("Service.java", SERVICE), diff))
        .hasMessageStartingWith("unified diff, file 1/1 (Service.java), hunk 1/1 (@@ -1,2 +1,2 @@): its context and '-' lines match nowhere in Service.java")
        .hasMessageContaining("The closest lines in the file are 2-3 (line numbers are not part of the file):\n2|     int a() {\n3|         return 1;");
  }

  @Test
  void insertsAnAddOnlyHunkAfterItsStatedLineKeepingCrlf() {
    String diff = "--- a/list.txt\n+++ b/list.txt\n@@ -2,0 +3,1 @@\n+two and a half\n";

    assertThat(apply(Map.of("list.txt", "one\r\ntwo\r\nthree\r\n"), diff)).containsEntry("list.txt", Optional.of("one\r\ntwo\r\ntwo and a half\r\nthree\r\n"));
  }

  @Test
  void createsDeletesAndRenames() {
    String diff = """
        diff --git a/old.txt b/old.txt
        deleted file mode 100644
        --- a/old.txt
        +++ /dev/null
        @@ -1 +0,0 @@
        -bye
        --- /dev/null
        +++ b/new.txt
        @@ -0,0 +1,2 @@
        +hello
        +world
        diff --git a/src/Util.java b/lib/Util.java
        rename from src/Util.java
        rename to lib/Util.java
        --- a/src/Util.java
        +++ b/lib/Util.java
        @@ -1 +1 @@
        -package src;
        +package lib;
        """;

    assertThat(apply(Map.of("old.txt", "bye\n", "src/Util.java", "package src;\nclass Util {}\n"), diff))
        .containsEntry("old.txt", Optional.empty())
        .containsEntry("new.txt", Optional.of("hello\nworld\n"))
        .containsEntry("src/Util.java", Optional.empty())
        .containsEntry("lib/Util.java", Optional.of("package lib;\nclass Util {}\n"));
  }

  @Test
  void refusesToCreateAFileThatHasContent() {
    assertThatThrownBy(() -> apply(Map.of("new.txt", "already\n"), "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+x\n"))
        .hasMessage("unified diff, file 1/1 (new.txt): cannot create new.txt: it already exists and is not empty");
  }
}
