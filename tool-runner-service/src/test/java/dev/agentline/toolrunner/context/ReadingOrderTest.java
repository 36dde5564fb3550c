package dev.agentline.toolrunner.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingOrderTest {

  @Test
  void readmeAndBuildFilesThenSourcesThenTestsThenTheRestThenToolDirectories() {
    List<String> git = List.of(".github/workflows/ci.yml", ".mvn/wrapper/maven-wrapper.properties", "LICENSE.txt", "README.md",
        "checkout/pom.xml", "checkout/src/main/java/shop/Cart.java", "checkout/src/test/java/shop/CartTest.java", "docs/guide.md",
        "pom.xml", "src/main/java/shop/App.java", "src/site/site.xml", "src/test/java/shop/AppTest.java");

    assertThat(ReadingOrder.sorted(git)).containsExactly(
        "README.md", "pom.xml",
        "checkout/src/main/java/shop/Cart.java", "src/main/java/shop/App.java", "src/site/site.xml",
        "checkout/src/test/java/shop/CartTest.java", "src/test/java/shop/AppTest.java",
        "LICENSE.txt", "checkout/pom.xml", "docs/guide.md",
        ".github/workflows/ci.yml", ".mvn/wrapper/maven-wrapper.properties");
  }
}
