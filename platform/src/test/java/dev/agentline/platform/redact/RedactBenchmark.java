package dev.agentline.platform.redact;

import java.util.Locale;

/**
 * How long redaction takes on two long texts with hints ({@code platform/bench/redact.sh}): a 1 MB build log holding one
 * {@code password=}, 60 KB of code whose comments say {@code token: see docs} (a hint and a redaction each line), and a
 * 20 KB run of name characters with a hint every 5 ({@code AKIA.AKIA.…}, where each try of an assignment scanned to the
 * run's end).
 * Prints milliseconds a redaction and microseconds a character, after a warm-up.
 */
public final class RedactBenchmark {
  private RedactBenchmark() {}

  public static void main(String[] args) {
    StringBuilder log = new StringBuilder();
    for (int line = 0; log.length() < 1_000_000; line++) {
      log.append("[INFO] Running dev.example.module").append(line % 97).append(".SomethingTest line ").append(line)
          .append(" ok: 12 tests\n");
      if (line == 5000) log.append("connecting with password=hunter2hunter and retrying\n");
    }
    StringBuilder code = new StringBuilder();
    for (int i = 0; code.length() < 60_000; i++) {
      code.append("  public String token").append(i).append("() { return this.token; } // token: see docs\n")
          .append("  private final Map<String, Integer> counts = new TreeMap<>();\n");
    }
    measure("1 MB log, one password=", log.toString());
    measure("60 KB of code, a token: hint each line", code.toString());
    measure("20 KB name run, a hint every 5 characters", "AKIA.".repeat(4_000) + " ");
  }

  private static void measure(String what, String text) {
    Redactor redactor = Redactor.standard();
    for (int i = 0; i < 20; i++) redactor.redact(text);
    int rounds = 50;
    Redactor.Tally tally = new Redactor.Tally();
    long started = System.nanoTime();
    for (int i = 0; i < rounds; i++) redactor.redact(text, tally);
    double ms = (System.nanoTime() - started) / 1e6 / rounds;
    System.out.printf(Locale.ROOT, "%s: %.2f ms a redaction, %.4f µs a character, %d secret(s) a text%n",
        what, ms, ms * 1000 / text.length(), tally.total() / rounds);
  }
}
