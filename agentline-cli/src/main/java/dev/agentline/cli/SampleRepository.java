package dev.agentline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.URIish;

/**
 * The demo's repository: a small Java project whose test fails on {@code main}, committed and
 * pushed to a bare origin that plays the code host.
 */
final class SampleRepository {
  private static final List<String> FILES = List.of("README.md", "run-tests.sh", "src/main/java/demo/Calculator.java",
      "src/test/java/demo/CalculatorTest.java");

  private SampleRepository() {}

  /** Creates {@code dir/calculator} and its origin {@code dir/calculator-origin.git}; returns the origin. */
  static Path create(Path dir) throws IOException {
    Path work = dir.resolve("calculator");
    Path origin = dir.resolve("calculator-origin.git");
    for (String file : FILES) {
      Path target = work.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in = resource("demo/calculator/" + file)) {
        Files.copy(in, target);
      }
    }
    try (Git bare = Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call();
        Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      git.remoteAdd().setName("origin").setUri(new URIish(origin.toUri().toString())).call();
      git.add().addFilepattern(".").call();
      git.commit().setMessage("Calculator with a failing test").setAuthor("demo", "demo@example.com")
          .setCommitter("demo", "demo@example.com").setSign(false).call();
      git.push().setRemote("origin").add("main").call();
    } catch (GitAPIException | java.net.URISyntaxException e) {
      throw new IOException("cannot create the sample repository: " + e.getMessage(), e);
    }
    return origin;
  }

  static InputStream resource(String name) throws IOException {
    InputStream in = SampleRepository.class.getClassLoader().getResourceAsStream(name);
    if (in == null) throw new IOException("missing bundled resource " + name);
    return in;
  }

  /** Writes a bundled resource (the demo ticket or cassette) into {@code dir}. */
  static Path copyResource(String name, Path dir) throws IOException {
    Path target = dir.resolve(Path.of(name).getFileName().toString());
    try (InputStream in = resource(name)) {
      Files.copy(in, target);
    }
    return target;
  }
}
