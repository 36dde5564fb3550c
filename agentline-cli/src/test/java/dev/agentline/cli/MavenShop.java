package dev.agentline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.springframework.boot.SpringBootVersion;

/**
 * A real multi-module Maven project, generated for a test: {@code pricing} (discounts, with a
 * rounding bug that {@code DiscountsTest} catches) and {@code checkout} (a cart that depends on
 * pricing), JUnit 5 and AssertJ from Maven Central. Its parent is the Spring Boot parent this
 * build uses, so its plugins are the ones already in the local repository. Pushed as {@code main}
 * of a bare origin.
 */
final class MavenShop {
  /** Runs the whole build offline, as it runs in the sandbox. */
  static final String TEST_COMMAND = "mvn -B -o test";

  private MavenShop() {}

  static Path createOrigin(Path dir) throws Exception {
    Path origin = dir.resolve("shop-origin.git");
    Path work = dir.resolve("shop-work");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      for (Map.Entry<String, String> file : files().entrySet()) {
        Path target = work.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
      git.add().addFilepattern(".").call();
      PersonIdent author = new PersonIdent("shop", "shop@example.com");
      git.commit().setMessage("shop: pricing and checkout").setAuthor(author).setCommitter(author).setSign(false).call();
      git.push().setRemote(origin.toUri().toString()).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
    }
    return origin;
  }

  static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(".gitignore", "target/\n");
    files.put("pom.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-parent</artifactId>
            <version>%s</version>
            <relativePath/>
          </parent>
          <groupId>shop</groupId>
          <artifactId>shop</artifactId>
          <version>1.0</version>
          <packaging>pom</packaging>
          <properties><java.version>17</java.version></properties>
          <modules>
            <module>pricing</module>
            <module>checkout</module>
          </modules>
          <dependencies>
            <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
            <dependency><groupId>org.assertj</groupId><artifactId>assertj-core</artifactId><scope>test</scope></dependency>
          </dependencies>
        </project>
        """.formatted(SpringBootVersion.getVersion()));
    files.put("pricing/pom.xml", module("pricing", ""));
    files.put("checkout/pom.xml", module("checkout", """
          <dependencies>
            <dependency><groupId>shop</groupId><artifactId>pricing</artifactId><version>1.0</version></dependency>
          </dependencies>
        """));
    files.put("pricing/src/main/java/shop/pricing/Discounts.java", """
        package shop.pricing;

        import java.math.BigDecimal;
        import java.math.RoundingMode;

        /** Percentage discounts on prices in a currency with cents. */
        public final class Discounts {
          private Discounts() {}

          /** The price after {@code percent} percent off, to the cent. */
          public static BigDecimal percentOff(BigDecimal price, int percent) {
            if (percent < 0 || percent > 100) throw new IllegalArgumentException("percent must be 0..100, was " + percent);
            BigDecimal factor = BigDecimal.valueOf(100 - percent).movePointLeft(2);
            return price.multiply(factor).setScale(2, RoundingMode.DOWN);
          }
        }
        """);
    files.put("pricing/src/test/java/shop/pricing/DiscountsTest.java", """
        package shop.pricing;

        import static org.assertj.core.api.Assertions.assertThat;
        import static org.assertj.core.api.Assertions.assertThatThrownBy;

        import java.math.BigDecimal;
        import org.junit.jupiter.api.Test;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.ValueSource;

        class DiscountsTest {
          @Test
          void noDiscountKeepsThePrice() {
            assertThat(Discounts.percentOff(new BigDecimal("19.95"), 0)).isEqualByComparingTo("19.95");
          }

          @Test
          void tenPercentOffRoundsHalfUp() {
            assertThat(Discounts.percentOff(new BigDecimal("19.95"), 10)).as("10%% off 19.95").isEqualByComparingTo("17.96");
          }

          @ParameterizedTest
          @ValueSource(ints = {-1, 101})
          void rejectsPercentagesOutsideZeroToHundred(int percent) {
            assertThatThrownBy(() -> Discounts.percentOff(BigDecimal.TEN, percent)).hasMessageContaining("0..100");
          }

          @Test
          void aMillionPricesStayWithinACentOfTheExactValue() {
            for (int cents = 1; cents <= 1_000_000; cents++) {
              BigDecimal price = BigDecimal.valueOf(cents, 2);
              BigDecimal exact = price.multiply(new BigDecimal("0.75"));
              assertThat(Discounts.percentOff(price, 25).subtract(exact).abs()).isLessThan(new BigDecimal("0.01"));
            }
          }
        }
        """);
    files.put("checkout/src/main/java/shop/checkout/Cart.java", """
        package shop.checkout;

        import java.math.BigDecimal;
        import java.util.ArrayList;
        import java.util.List;
        import shop.pricing.Discounts;

        /** A shopping cart: lines of prices, totalled with a discount. */
        public final class Cart {
          private final List<BigDecimal> lines = new ArrayList<>();

          public Cart add(BigDecimal price) {
            lines.add(price);
            return this;
          }

          public BigDecimal total(int percentOff) {
            return Discounts.percentOff(lines.stream().reduce(BigDecimal.ZERO, BigDecimal::add), percentOff);
          }
        }
        """);
    files.put("checkout/src/test/java/shop/checkout/CartTest.java", """
        package shop.checkout;

        import static org.assertj.core.api.Assertions.assertThat;

        import java.math.BigDecimal;
        import org.junit.jupiter.api.Test;

        class CartTest {
          @Test
          void totalsTheLinesWithTheDiscount() {
            Cart cart = new Cart().add(new BigDecimal("10.00")).add(new BigDecimal("5.00"));
            assertThat(cart.total(10)).isEqualByComparingTo("13.50");
          }
        }
        """);
    return files;
  }

  private static String module(String name, String dependencies) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent><groupId>shop</groupId><artifactId>shop</artifactId><version>1.0</version></parent>
          <artifactId>%s</artifactId>
        %s</project>
        """.formatted(name, dependencies);
  }
}
