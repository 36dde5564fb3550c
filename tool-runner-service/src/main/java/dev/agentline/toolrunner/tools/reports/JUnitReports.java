package dev.agentline.toolrunner.tools.reports;

import dev.agentline.schemas.TestFailure;
import dev.agentline.schemas.TestOutcome;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The JUnit XML reports one test run writes, read into counts and failures.
 *
 * <p><b>Which files are reports:</b> files named {@code TEST-*.xml} anywhere in the workspace — each
 * Maven module's {@code target/surefire-reports} and {@code target/failsafe-reports}, Gradle's
 * {@code build/test-results/**} — except below hidden directories ({@code .git}, {@code .gradle}),
 * {@code node_modules}, {@code src}, the compiled-output trees {@code target|build/classes},
 * {@code target|build/test-classes} and {@code target|build/resources} (a report-shaped test
 * fixture is copied there), and except files git tracks (fixtures, never output). Symbolic links
 * are not followed.
 *
 * <p><b>Only this run's reports count:</b> {@link #clearStale} deletes every report before the
 * run, so whatever is there afterwards the run wrote. Deleting, rather than comparing modification
 * times with the run's start, does not depend on clocks or on the file system's timestamp
 * granularity, and it makes Gradle rerun a test task whose reports are gone instead of answering
 * UP-TO-DATE with none. Reports are build output, as {@code mvn clean} would delete them. A report
 * that cannot be deleted is ignored afterwards unless the run rewrote it (its modification time
 * changed).
 *
 * <p>A report that is not well-formed JUnit XML is skipped with a note in {@link Totals#notes()},
 * never an exception.
 */
public final class JUnitReports {
  /** Failures kept with their message and trace; the counts cover all of them. */
  public static final int MAX_FAILURES = 30;
  public static final int MAX_MESSAGE_CHARS = 500;
  public static final int MAX_TRACE_LINES = 10;
  static final int MAX_TRACE_LINE_CHARS = 300;
  private static final int MAX_NOTED_REPORTS = 3;
  private static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "src");
  private static final Set<String> OUTPUT_DIRS = Set.of("target", "build");
  private static final Set<String> COMPILED_DIRS = Set.of("classes", "test-classes", "resources");

  private final Path root;
  private final Set<String> tracked;
  private final Map<Path, FileTime> undeletable;

  private JUnitReports(Path root, Set<String> tracked, Map<Path, FileTime> undeletable) {
    this.root = root;
    this.tracked = tracked;
    this.undeletable = undeletable;
  }

  /**
   * Deletes the reports earlier runs left under {@code root} ({@code tracked}: the repository paths
   * git tracks, never touched) and returns the reader for the run about to start.
   */
  public static JUnitReports clearStale(Path root, Collection<String> tracked) throws IOException {
    Set<String> trackedPaths = Set.copyOf(tracked);
    Map<Path, FileTime> undeletable = new HashMap<>();
    for (Path report : find(root, trackedPaths)) {
      try {
        Files.deleteIfExists(report);
      } catch (IOException e) {
        undeletable.put(report, modified(report));
      }
    }
    return new JUnitReports(root, trackedPaths, undeletable);
  }

  /** Reads the reports the run wrote. */
  public Totals collect() throws IOException {
    List<Path> reports = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Path report : find(root, tracked)) {
      FileTime stale = undeletable.get(report);
      if (stale != null && stale.equals(modified(report))) {
        notes.add("ignored " + relative(root, report) + ": a report of an earlier run that could not be deleted");
      } else {
        reports.add(report);
      }
    }
    return read(root, reports, notes);
  }

  /** Report files below {@code root} (see the class comment for which), sorted. */
  static List<Path> find(Path root, Set<String> tracked) throws IOException {
    List<Path> reports = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(root) || !skipped(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String name = file.getFileName().toString();
        if (attrs.isRegularFile() && name.startsWith("TEST-") && name.endsWith(".xml") && !tracked.contains(relative(root, file))) {
          reports.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    reports.sort(null);
    return reports;
  }

  private static boolean skipped(Path dir) {
    String name = dir.getFileName().toString();
    if (name.startsWith(".") || SKIPPED_DIRS.contains(name)) return true;
    Path parent = dir.getParent();
    return COMPILED_DIRS.contains(name) && parent != null && OUTPUT_DIRS.contains(parent.getFileName().toString());
  }

  /** Counts and failures of the given report files; unreadable ones are noted and skipped. */
  static Totals read(Path root, List<Path> files, List<String> notes) throws IOException {
    int reports = 0;
    int passed = 0;
    int failed = 0;
    int errored = 0;
    int skipped = 0;
    List<TestFailure> failures = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Path file : files) {
      List<ReportFile.Case> cases;
      try {
        cases = ReportFile.read(file);
      } catch (ReportFile.NotAReportException e) {
        unreadable.add(relative(root, file) + ": " + e.getMessage());
        continue;
      } catch (NoSuchFileException gone) {
        continue;
      }
      reports++;
      for (ReportFile.Case test : cases) {
        switch (test.result()) {
          case PASSED -> passed++;
          case SKIPPED -> skipped++;
          case FAILED, ERRORED -> {
            if (test.result() == ReportFile.Result.FAILED) failed++;
            else errored++;
            if (failures.size() < MAX_FAILURES) failures.add(failure(test));
          }
        }
      }
    }
    List<String> allNotes = new ArrayList<>(notes);
    if (!unreadable.isEmpty()) {
      String listed = String.join("; ", unreadable.subList(0, Math.min(MAX_NOTED_REPORTS, unreadable.size())));
      int more = unreadable.size() - MAX_NOTED_REPORTS;
      allNotes.add("skipped " + unreadable.size() + (unreadable.size() == 1 ? " unreadable report: " : " unreadable reports: ") + listed
          + (more > 0 ? "; and " + more + " more" : ""));
    }
    return new Totals(reports, passed, failed, errored, skipped, failures, allNotes);
  }

  static TestFailure failure(ReportFile.Case test) {
    String message = test.message().isBlank() ? test.body().strip().lines().findFirst().orElse("") : test.message().strip();
    return TestFailure.newBuilder()
        .setTestClass(test.testClass())
        .setTestName(test.testName())
        .setOutcome(test.result() == ReportFile.Result.ERRORED ? TestOutcome.ERRORED : TestOutcome.FAILED)
        .setMessage(cap(message, MAX_MESSAGE_CHARS))
        .setTrace(trace(test.body(), test.testClass()))
        .build();
  }

  /**
   * The first {@link #MAX_TRACE_LINES} lines of a stack trace; when the test class's own frame is
   * not among them (assertion libraries put theirs first), it is added after an ellipsis.
   */
  static String trace(String body, String testClass) {
    List<String> lines = body.strip().lines().map(line -> cap(line.stripTrailing(), MAX_TRACE_LINE_CHARS)).toList();
    List<String> kept = new ArrayList<>(lines.subList(0, Math.min(MAX_TRACE_LINES, lines.size())));
    // "at com.x.FooTest.adds(FooTest.java:12)", or "at app//com.x.FooTest…" (Gradle, module layers)
    Predicate<String> ownFrame = line -> line.strip().startsWith("at ") && line.contains(testClass + ".");
    if (!testClass.isEmpty() && kept.stream().noneMatch(ownFrame)) {
      lines.stream().skip(kept.size()).filter(ownFrame).findFirst().ifPresent(line -> {
        kept.add("\t...");
        kept.add(line);
      });
    }
    return String.join("\n", kept);
  }

  private static String cap(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(File.separatorChar, '/');
  }

  /**
   * What the reports say. {@code reports}: how many were read; zero means the counts are unknown
   * (the command wrote none, or none could be read). {@code failures}: at most
   * {@link #MAX_FAILURES}, in report order.
   */
  public record Totals(int reports, int passed, int failed, int errored, int skipped, List<TestFailure> failures, List<String> notes) {
    public Totals {
      failures = List.copyOf(failures);
      notes = List.copyOf(notes);
    }

    public boolean found() {
      return reports > 0;
    }

    public int failing() {
      return failed + errored;
    }

    /** {@code "12 passed, 2 failed, 1 errored, 3 skipped"}. */
    public String counts() {
      return passed + " passed, " + failed + " failed, " + errored + " errored, " + skipped + " skipped";
    }

    /** {@code "FooTest.adds, BarTest.parses, … and 3 more"}: simple class names, at most {@code max}. */
    public String failingNames(int max) {
      List<String> names = failures.stream().limit(max).map(Totals::shortName).toList();
      int more = failing() - names.size();
      return String.join(", ", names) + (more > 0 ? ", … and " + more + " more" : "");
    }

    private static String shortName(TestFailure failure) {
      String testClass = failure.getTestClass();
      String simple = testClass.substring(testClass.lastIndexOf('.') + 1);
      return failure.getTestName().isEmpty() ? simple : simple + "." + failure.getTestName();
    }
  }
}
