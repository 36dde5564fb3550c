package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agentline watch TASK-ID}: follows a task through its states (by polling the planner's task view) until it
 * ends or waits for a person. On a terminal, a progress bar of the plan's steps stays at the bottom; otherwise (a pipe,
 * a file, {@code TERM=dumb}, {@code --plain}) only plain lines are printed. {@code --json}: one line of JSON (the task
 * view) each time the task changes.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Follow a task live through its states and steps until it ends (exit 0 DONE, 1 failed or cancelled) or waits for a person "
        + "(exit 0; the approve/reject commands are printed).",
        "A progress bar of the steps is drawn on a terminal; plain lines otherwise. --json: one JSON task view per line, at each change."})
final class WatchCommand extends PlannerCommand {
  @Option(names = "--through-gates", description = "Keep watching while the task waits for a person (stop only when it ends).")
  boolean throughGates;

  @Option(names = "--interval", defaultValue = "1s", converter = Durations.class, paramLabel = "DURATION",
      description = "How often to look at the task (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--timeout", converter = Durations.class, paramLabel = "DURATION",
      description = "Stop watching after this long (e.g. 30m, PT2H; default: no limit); exit 1 if the task is still going.")
  Duration timeout;

  @Option(names = "--plain", description = "Plain lines, no progress bar, even on a terminal.")
  boolean plain;

  /** How many looks in a row may fail (the planner restarting) before the watch gives up. */
  private static final int MISSES = 5;

  @Override
  int run(TaskClient client) throws Exception {
    long started = System.nanoTime();
    Display display = json ? null : new Display(out(), !plain && terminal(), started);
    JsonNode before = null;
    int misses = 0;
    while (true) {
      JsonNode now;
      try {
        now = client.task(taskId);
        misses = 0;
      } catch (CliFailure e) {
        if (e.exitCode() != ExitCodes.UNREACHABLE || before == null || ++misses >= MISSES) throw e;
        sleep();
        continue;
      }
      if (json) {
        if (!now.equals(before)) out().println(TaskClient.compact(now));
      } else {
        display.show(TaskProgress.changes(before, now), TaskProgress.bar(now, 30));
      }
      before = now;
      if (TaskProgress.ended(now)) {
        if (display != null) display.end(spendLine(now));
        return TaskProgress.exitCode(now);
      }
      if (TaskProgress.atGate(now) && !throughGates) {
        if (display != null) display.end(null);
        return ExitCodes.OK;
      }
      if (timeout != null && Duration.ofNanos(System.nanoTime() - started).compareTo(timeout) >= 0) {
        if (display != null) display.end(null);
        err().println(name() + ": stopped watching after " + timeout.toSeconds() + " s; task " + taskId + " is still " + now.path("status").asText());
        return ExitCodes.TASK_FAILED;
      }
      sleep();
    }
  }

  private void sleep() throws InterruptedException {
    Thread.sleep(interval.toMillis());
  }

  private static String spendLine(JsonNode task) {
    JsonNode total = task.path("spend").path("total");
    return String.format(Locale.ROOT, "task %s %s: %,d tokens, $%.4f", task.path("taskId").asText(), task.path("status").asText(),
        total.path("tokens").asLong(), total.path("costUsd").asDouble());
  }

  /** Stdout is an interactive terminal that understands carriage return and erase-line. */
  private static boolean terminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  /** Prints lines with the time since the watch began; on a terminal, keeps the progress bar on the last line. */
  static final class Display {
    private static final String ERASE_LINE = "\r\u001b[2K";
    private final PrintWriter out;
    private final boolean bar;
    private final long started;
    private String lastBar = "";

    Display(PrintWriter out, boolean bar, long started) {
      this.out = out;
      this.bar = bar;
      this.started = started;
    }

    void show(List<String> lines, String progress) {
      if (bar && !lines.isEmpty()) out.print(ERASE_LINE);
      String time = String.format(Locale.ROOT, "[%6.1fs] ", (System.nanoTime() - started) / 1e9);
      for (String line : lines) out.println(time + line);
      if (bar && (!lines.isEmpty() || !progress.equals(lastBar))) {
        out.print(ERASE_LINE + progress);
        lastBar = progress;
      }
      out.flush();
    }

    void end(String last) {
      if (bar) out.print(ERASE_LINE);
      if (last != null) out.println(last);
      out.flush();
    }
  }
}
