package dev.agentline.toolrunner.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogExcerptTest {
  @Test
  void keepsTheLastLinesWithoutColoursTimestampsOrTrailingBlankLines() {
    String log = "2026-11-26T05:44:01.1234567Z one\n2026-11-26T05:44:02.1234567Z \u001B[1;31mtwo\u001B[0m\n\u001B[32mthree\u001B[0m\n\n\n";

    assertThat(new LogExcerpt(2, 1000).cut(log)).isEqualTo("two\nthree");
  }

  @Test
  void aProgressLineShowsWhatWasWrittenLast() {
    assertThat(new LogExcerpt(10, 1000).cut("Downloading 10%\rDownloading 90%\rDownloaded\ndone\n")).isEqualTo("Downloaded\ndone");
  }

  @Test
  void cutsAtCharactersOnALineBoundary() {
    String log = "a".repeat(50) + "\n" + "b".repeat(20) + "\n" + "c".repeat(20);

    assertThat(new LogExcerpt(60, 45).cut(log)).isEqualTo("b".repeat(20) + "\n" + "c".repeat(20));
  }

  @Test
  void aSingleHugeLineKeepsItsEnd() {
    assertThat(new LogExcerpt(60, 10).cut("x".repeat(100) + "END")).isEqualTo("xxxxxxxEND");
  }
}
