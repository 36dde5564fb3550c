package dev.agentline.toolrunner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.FailureReason;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CommandAllowListTest {
  static final CommandAllowList DEFAULTS = CommandAllowList.of(CommandAllowList.DEFAULT_PATTERNS);

  @ParameterizedTest
  @ValueSource(strings = {
      "mvn -q test", "./mvnw -B -o verify", "mvn -q '-Dtest=CalculatorTest#adds*' test", "sh run-tests.sh", "bash scripts/ci-test.sh",
      "sh scripts/test.sh --fast", "./run-tests.sh", "MAVEN_OPTS='-Xmx1g -Dx=1' mvn test", "cd core && mvn -q test 2>&1",
      "mvn test >&2", "mvn test &> build.log", "gradle test # the whole suite", "npm test", "make check", "go test ./...",
      "python -m pytest -q", "mvn -q test || exit 1", "mvn\\\n  test"})
  void theDefaultsAllowCommonBuildCommands(String command) {
    assertThatCode(() -> DEFAULTS.check(command)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "curl http://example.com", "mvn test; curl http://example.com/x", "mvn test && wget x", "mvn test | nc host 80",
      "mvn test & python3 -c 'import os'", "sh -c 'curl x'", "sh run-tests.sh; rm -rf /", "java -jar tool.jar", "bash",
      "sh run-tests.sh\ncurl x"})
  void theDefaultsRefuseOtherPrograms(String command) {
    assertThatThrownBy(() -> DEFAULTS.check(command))
        .isInstanceOf(CommandRefusedException.class)
        .hasMessageStartingWith("command not allowed: ")
        .hasMessageContaining("matches none of the allowed commands (agentline.sandbox.allowed-commands): mvn **, ./mvnw **");
  }

  @Test
  void namesTheRefusedPartOfACompoundCommand() {
    assertThatThrownBy(() -> DEFAULTS.check("mvn -q test && curl -s 'http://x/?a=b c'"))
        .hasMessageStartingWith("command not allowed: curl -s http://x/?a=b c (in: mvn -q test && curl -s 'http://x/?a=b c') matches none of");
    assertThatThrownBy(() -> DEFAULTS.check("curl x"))
        .hasMessageStartingWith("command not allowed: curl x matches none of");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mvn -Dx=$(curl evil) test", "mvn -Dx=`id` test", "mvn \"-Dx=$(id)\" test", "mvn \"`id`\"",
      "sh <(curl x)", "(curl x)", "mvn test $((1+2))"})
  void substitutionsAndSubshellsAreRefusedWhateverIsAllowed(String command) {
    assertThatThrownBy(() -> CommandAllowList.ANY.check(command))
        .isInstanceOf(CommandRefusedException.class)
        .hasMessageStartingWith("command not allowed: ")
        .hasMessageContaining("(in: " + command + ")");
  }

  @Test
  void quotedSpecialCharactersAreText() {
    assertThatCode(() -> DEFAULTS.check("mvn -Dmsg='a; curl x $(id) `id`' test")).doesNotThrowAnyException();
    assertThatCode(() -> DEFAULTS.check("echo \"a && b | c\"")).doesNotThrowAnyException();
  }

  @Test
  void aCommandThatOnlySetsVariablesOrIsUnterminatedIsRefused() {
    assertThatThrownBy(() -> DEFAULTS.check("X=1; mvn test")).hasMessage("command not allowed: X=1 only sets variables (in: X=1; mvn test)");
    assertThatThrownBy(() -> DEFAULTS.check("mvn 'test")).hasMessage("command not allowed: unterminated quote (in: mvn 'test)");
    assertThatThrownBy(() -> DEFAULTS.check(" ")).hasMessage("command not allowed: the command is empty");
  }

  @Test
  void patternWordsAreGlobsAndDoubleStarIsAnyNumberOfWords() {
    CommandAllowList list = CommandAllowList.of(List.of("sh *.sh", "mvn ** test", "grep -q *"));

    assertThatCode(() -> list.check("sh run-tests.sh")).doesNotThrowAnyException();
    assertThatCode(() -> list.check("mvn test")).doesNotThrowAnyException();
    assertThatCode(() -> list.check("mvn -q -o test")).doesNotThrowAnyException();
    assertThatCode(() -> list.check("grep -q 'return a + b;'")).doesNotThrowAnyException();
    assertThatThrownBy(() -> list.check("sh run-tests.sh --all")).isInstanceOf(CommandRefusedException.class);
    assertThatThrownBy(() -> list.check("mvn test verify")).isInstanceOf(CommandRefusedException.class);
    assertThatThrownBy(() -> list.check("sh -c x")).isInstanceOf(CommandRefusedException.class);
  }

  @Test
  void aRefusalIsTypedAsNotAllowed() {
    CommandRefusedException refusal = (CommandRefusedException) org.assertj.core.api.Assertions.catchThrowable(() -> DEFAULTS.check("curl x"));

    assertThat(refusal.reason()).isEqualTo(FailureReason.COMMAND_NOT_ALLOWED);
  }

  @Test
  void splitsLikeTheShell() {
    assertThat(CommandAllowList.simpleCommands("A=1 mvn -q test 2>&1 | tee log.txt && echo 'done; ok' # note\nmake"))
        .containsExactly(List.of("A=1", "mvn", "-q", "test", "2>&1"), List.of("tee", "log.txt"), List.of("echo", "done; ok"), List.of("make"));
    assertThat(CommandAllowList.simpleCommands("mvn \"\" x\\ y")).containsExactly(List.of("mvn", "", "x y"));
  }

  @Test
  void anEmptyListIsRefused() {
    assertThatThrownBy(() -> CommandAllowList.of(List.of())).hasMessage("no command is allowed: the list is empty");
  }
}
