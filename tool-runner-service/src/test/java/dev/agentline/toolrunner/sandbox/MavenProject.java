package dev.agentline.toolrunner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small real Maven project (JUnit 5 on Surefire 3), its dependencies from Maven Central. */
final class MavenProject {
  private MavenProject() {}

  static void write(Path dir) throws IOException {
    Files.writeString(dir.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>demo</groupId><artifactId>calculator</artifactId><version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencies>
            <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.11.4</version><scope>test</scope></dependency>
          </dependencies>
          <build><plugins>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
          </plugins></build>
        </project>
        """);
    Path main = Files.createDirectories(dir.resolve("src/main/java/demo"));
    Files.writeString(main.resolve("Calculator.java"), "package demo;\npublic class Calculator { public int add(int a, int b) { return a + b; } }\n");
    Path test = Files.createDirectories(dir.resolve("src/test/java/demo"));
    Files.writeString(test.resolve("CalculatorTest.java"), """
        package demo;
        import static org.junit.jupiter.api.Assertions.assertEquals;
        import org.junit.jupiter.api.Test;
        class CalculatorTest {
          @Test void adds() { assertEquals(3, new Calculator().add(1, 2)); }
          @Test void addsNegatives() { assertEquals(-3, new Calculator().add(-1, -2)); }
        }
        """);
  }
}
