package dev.agentline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a test command in a checkout, to show where a task starts from. */
final class BaseTests {
  private BaseTests() {}

  static String describe(Path checkout, String command) {
    try {
      Process process = new ProcessBuilder("sh", "-c", command).directory(checkout.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "did not finish in 120 s";
      }
      String last = output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
      return (process.exitValue() == 0 ? "passes" : "fails (exit " + process.exitValue() + ")") + ": " + last;
    } catch (IOException e) {
      return "could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
