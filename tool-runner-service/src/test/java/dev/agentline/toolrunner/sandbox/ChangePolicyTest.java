package dev.agentline.toolrunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.FailureReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangePolicyTest {

  static ChangePolicy protecting(String... globs) {
    return ChangePolicy.of(List.of(), List.of(globs), null, null);
  }

  static ChangePolicy allowing(String... globs) {
    return ChangePolicy.of(List.of(globs), List.of(), null, null);
  }

  static boolean refuses(ChangePolicy policy, String path) {
    try {
      policy.checkPaths(List.of(path));
      return false;
    } catch (ChangeRefusedException e) {
      return true;
    }
  }

  static AbstractThrowableAssert<?, ?> refusal(ChangePolicy policy, List<String> files, int additions, int deletions, FailureReason reason) {
    return assertThatThrownBy(() -> policy.check(files, additions, deletions))
        .isInstanceOf(ChangeRefusedException.class)
        .satisfies(e -> assertThat(((ChangeRefusedException) e).reason()).isEqualTo(reason));
  }

  @Test
  void starStaysInOneDirectoryAndDoubleStarCrossesDirectories() {
    assertThat(refuses(protecting("src/*.java"), "src/A.java")).isTrue();
    assertThat(refuses(protecting("src/*.java"), "src/main/A.java")).isFalse();
    assertThat(refuses(protecting("src/**.java"), "src/main/A.java")).isTrue();
    assertThat(refuses(protecting(".github/**"), ".github/workflows/ci.yml")).isTrue();
    assertThat(refuses(protecting(".github/**"), "docs/.github")).isFalse();
    assertThat(refuses(protecting("file?.txt"), "file1.txt")).isTrue();
    assertThat(refuses(protecting("file?.txt"), "file10.txt")).isFalse();
  }

  @Test
  void aDoubleStarDirectoryAlsoMatchesNoDirectoryAnywhereInTheGlob() {
    ChangePolicy policy = protecting("src/**/Secret.java");

    assertThat(refuses(policy, "src/Secret.java")).isTrue();
    assertThat(refuses(policy, "src/main/java/Secret.java")).isTrue();
    assertThat(refuses(policy, "lib/Secret.java")).isFalse();
  }

  @Test
  void otherCharactersAreLiteral() {
    assertThat(refuses(protecting("{a,b}.txt"), "a.txt")).isFalse();
    assertThat(refuses(protecting("{a,b}.txt"), "{a,b}.txt")).isTrue();
    assertThat(refuses(protecting("[ab].txt"), "a.txt")).isFalse();
    assertThat(refuses(protecting("a.b"), "axb")).isFalse();
  }

  @Test
  void aLeadingDoubleStarAlsoMatchesAtTheRoot() {
    ChangePolicy policy = protecting("**/*.pem");

    assertThat(refuses(policy, "key.pem")).isTrue();
    assertThat(refuses(policy, "config/tls/key.pem")).isTrue();
    assertThat(refuses(policy, "key.pem.txt")).isFalse();
  }

  @Test
  void aTrailingSlashMeansEverythingBelow() {
    ChangePolicy policy = protecting("secrets/");

    assertThat(refuses(policy, "secrets/prod/db.env")).isTrue();
    assertThat(refuses(policy, "secrets.md")).isFalse();
  }

  @Test
  void aProtectedPathIsRefusedNamingThePathAndTheGlob() {
    assertThatThrownBy(() -> protecting(".github/**", "Makefile").checkPaths(List.of("src/A.java", ".github/workflows/ci.yml")))
        .isInstanceOf(ChangeRefusedException.class)
        .hasMessage("protected path: .github/workflows/ci.yml matches .github/**")
        .satisfies(e -> assertThat(((ChangeRefusedException) e).reason()).isEqualTo(FailureReason.PROTECTED_PATH));
  }

  @Test
  void everyProtectedPathIsNamed() {
    assertThatThrownBy(() -> protecting(".github/**", "Makefile").checkPaths(List.of("Makefile", ".github/ci.yml")))
        .hasMessage("protected paths: Makefile matches Makefile, .github/ci.yml matches .github/**");
  }

  @Test
  void withoutAllowedGlobsAnyPathMayChange() {
    assertThatCode(() -> ChangePolicy.NONE.check(List.of("anything/at/all.txt", "README.md"), 1000, 1000)).doesNotThrowAnyException();
  }

  @Test
  void withAllowedGlobsAPathMatchingNoneIsRefused() {
    ChangePolicy policy = allowing("src/**", "docs/*.md");

    assertThatCode(() -> policy.checkPaths(List.of("src/main/A.java", "docs/guide.md"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.checkPaths(List.of("README.md"))).hasMessage("path not allowed: README.md matches none of src/**, docs/*.md");
    assertThatThrownBy(() -> policy.checkPaths(List.of("src/A.java", "README.md", "docs/img/a.png")))
        .isInstanceOf(ChangeRefusedException.class)
        .hasMessage("paths not allowed: README.md, docs/img/a.png match none of src/**, docs/*.md")
        .satisfies(e -> assertThat(((ChangeRefusedException) e).reason()).isEqualTo(FailureReason.PATH_NOT_ALLOWED));
  }

  @Test
  void aProtectedPathIsRefusedAsProtectedEvenWhenItIsAlsoNotAllowed() {
    ChangePolicy policy = ChangePolicy.of(List.of("src/**"), List.of("ci/**"), null, null);

    refusal(policy, List.of("ci/build.sh"), 1, 0, FailureReason.PROTECTED_PATH);
  }

  @Test
  void moreFilesThanTheLimitAreRefusedNamingTheNumbers() {
    ChangePolicy policy = ChangePolicy.of(List.of(), List.of(), 2, null);

    assertThatCode(() -> policy.check(List.of("a", "b"), 10, 10)).doesNotThrowAnyException();
    refusal(policy, List.of("a", "b", "c"), 3, 0, FailureReason.FILES_LIMIT)
        .hasMessage("3 files changed, more than the limit of 2 (max-files-changed)");
  }

  @Test
  void moreDiffLinesThanTheLimitAreRefusedCountingAdditionsAndDeletions() {
    ChangePolicy policy = ChangePolicy.of(List.of(), List.of(), null, 10);

    assertThatCode(() -> policy.check(List.of("a"), 6, 4)).doesNotThrowAnyException();
    refusal(policy, List.of("a"), 7, 4, FailureReason.DIFF_LIMIT)
        .hasMessage("11 diff lines (+7 -4), more than the limit of 10 (max-diff-lines)");
  }

  @Test
  void theFilesLimitIsCheckedBeforeTheLinesLimit() {
    refusal(ChangePolicy.of(List.of(), List.of(), 1, 1), List.of("a", "b"), 50, 50, FailureReason.FILES_LIMIT);
  }

  @Test
  void combinedPoliciesKeepBothProtectedListsBothAllowedListsAndTheStricterLimits() {
    ChangePolicy configured = ChangePolicy.of(List.of(), List.of("**/*.pem"), 5, 100);
    ChangePolicy requested = ChangePolicy.of(List.of("src/**", "key.pem"), List.of(".github/**"), 10, 20);
    ChangePolicy both = configured.and(requested).and(allowing("src/main/**", "key.pem"));

    assertThat(refuses(both, "key.pem")).isTrue();
    assertThat(refuses(both, ".github/ci.yml")).isTrue();
    assertThat(refuses(both, "src/test/A.java")).as("allowed by one list, not the other").isTrue();
    assertThat(refuses(both, "src/main/A.java")).isFalse();
    refusal(both, List.of("src/main/A.java"), 21, 0, FailureReason.DIFF_LIMIT);
    refusal(both, List.of("src/main/1", "src/main/2", "src/main/3", "src/main/4", "src/main/5", "src/main/6"), 1, 0, FailureReason.FILES_LIMIT);
  }

  @Test
  void anInvalidGlobOrLimitIsRefusedNamingIt() {
    assertThatThrownBy(() -> protecting("/etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("glob /etc/passwd is absolute; globs match repository-relative paths");
    assertThatThrownBy(() -> allowing(" ")).hasMessage("empty glob");
    assertThatThrownBy(() -> ChangePolicy.of(List.of(), List.of(), 0, null)).hasMessage("max-files-changed must be >= 1, was 0");
    assertThatThrownBy(() -> ChangePolicy.of(List.of(), List.of(), null, -1)).hasMessage("max-diff-lines must be >= 1, was -1");
  }

  @Test
  void aFileLeftLargerThanMaxFileBytesIsRefusedAndTheStricterLimitWins(@TempDir Path workspace) throws Exception {
    Files.writeString(workspace.resolve("small.txt"), "x".repeat(100));
    Files.writeString(workspace.resolve("big.bin"), "x".repeat(101));
    Files.createSymbolicLink(workspace.resolve("link"), workspace.resolve("big.bin"));
    ChangePolicy policy = ChangePolicy.NONE.withMaxFileBytes(1000).and(protecting("secret/").withMaxFileBytes(100));

    assertThatCode(() -> policy.checkFileSizes(workspace, List.of("small.txt", "deleted.txt", "link"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.checkFileSizes(workspace, List.of("small.txt", "big.bin")))
        .isInstanceOfSatisfying(ChangeRefusedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.FILE_TOO_LARGE))
        .hasMessage("file larger than the limit of 100 bytes (max-file-bytes) after the change: big.bin (101 bytes)");
    assertThatCode(() -> ChangePolicy.NONE.checkFileSizes(workspace, List.of("big.bin"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> ChangePolicy.NONE.withMaxFileBytes(0)).hasMessage("max-file-bytes must be >= 1, was 0");
  }
}
