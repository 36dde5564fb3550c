package dev.agentline.toolrunner.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestSelectorTest {

  @ParameterizedTest
  @CsvSource(delimiterString = " ~> ", quoteCharacter = '"', value = {
      "mvn -q test ~> FooTest ~> mvn -q test -Dtest='FooTest' -Dsurefire.failIfNoSpecifiedTests=false",
      "./mvnw -B test ~> com.x.FooTest#adds ~> ./mvnw -B test -Dtest='com.x.FooTest#adds' -Dsurefire.failIfNoSpecifiedTests=false",
      "cd app && MAVEN_OPTS=-Xmx1g mvn -o verify ~> FooTest#add* ~> cd app && MAVEN_OPTS=-Xmx1g mvn -o verify -Dtest='FooTest#add*' -Dsurefire.failIfNoSpecifiedTests=false",
      "/opt/maven/bin/mvn test ~> FooTest,BarTest#x ~> /opt/maven/bin/mvn test -Dtest='FooTest,BarTest#x' -Dsurefire.failIfNoSpecifiedTests=false",
      "./gradlew test ~> com.x.FooTest#adds ~> ./gradlew test --tests 'com.x.FooTest.adds'",
      "gradle :core:test ~> FooTest,Outer$Inner#x ~> gradle :core:test --tests 'FooTest' --tests 'Outer$Inner.x'",
  })
  void appendsTheSelectorToMavenAndGradleCommands(String command, String selector, String narrowed) {
    TestSelector.Narrowed result = TestSelector.narrow(command, selector);

    assertThat(result.command()).isEqualTo(narrowed);
    assertThat(result.reportsExpected()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " ~> ", quoteCharacter = '"', value = {
      "./run-tests.sh {test} ~> FooTest#adds ~> ./run-tests.sh 'FooTest#adds'",
      "mvn test -Dtest={test} 2>&1 | tee test.log ~> com.x.FooTest ~> mvn test -Dtest='com.x.FooTest' 2>&1 | tee test.log",
      "pytest -k {test} ~> test_parse ~> pytest -k 'test_parse'",
  })
  void putsTheSelectorAtThePlaceholder(String command, String selector, String narrowed) {
    TestSelector.Narrowed result = TestSelector.narrow(command, selector);

    assertThat(result.command()).isEqualTo(narrowed);
    assertThat(result.reportsExpected()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " ~> ", quoteCharacter = '"', value = {
      "mvn test -Dtest={test} -q ~> mvn test  -q",
      "./run-tests.sh {test} ~> ./run-tests.sh",
      "mvn -q test ~> mvn -q test",
  })
  void withoutASelectorRunsEverythingAndDropsThePlaceholderWord(String command, String expected) {
    assertThat(TestSelector.narrow(command, null).command()).isEqualTo(expected);
    assertThat(TestSelector.narrow(command, "  ").command()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Foo; rm -rf /", "Foo'bar", "$(id)", "Foo Bar", "-Dmaven.repo.local=/tmp", "Foo`id`", "Foo|cat"})
  void refusesSelectorsThatCouldCarryShellSyntax(String selector) {
    assertThatThrownBy(() -> TestSelector.narrow("mvn test", selector))
        .isInstanceOf(ToolFailure.class)
        .hasMessageStartingWith("test selector \"" + selector + "\" is not valid: use a class or Class#method");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh test.sh", "npm test", "mvn test | tee log", "mvn test > out.txt", "mvn test &", "make test"})
  void refusesCommandsItCannotNarrowAndSuggestsThePlaceholder(String command) {
    assertThatThrownBy(() -> TestSelector.narrow(command, "FooTest"))
        .isInstanceOf(ToolFailure.class)
        .hasMessage("cannot narrow the test command to FooTest: \"" + command + "\" is not a plain Maven (mvn, ./mvnw) or Gradle"
            + " (gradle, ./gradlew) call; put a {test} placeholder where the selector goes, e.g. \"./run-tests.sh {test}\"");
  }
}
