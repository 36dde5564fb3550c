package dev.agentline.toolrunner.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RepositoryMapTest {
  static final String JAVA = """
      package dev.example.shop;

      import java.util.List;

      /**
       * A class Javadoc mentioning class Hidden and public void hidden() must not count,
       * nor may quoting a text block (\""") hide what follows.
       */
      public final class Cart {
        private final List<Item> items;
        public static final Cart EMPTY = new Cart(List.of());

        public Cart(List<Item> items) {
          this.items = items;
        }

        public record Item(String sku, int quantity) {
          public Item {
            if (quantity < 1) throw new IllegalArgumentException("quantity");
          }

          public int doubled() { return quantity * 2; }
        }

        enum State { OPEN, CLOSED }

        public <T extends Comparable<T>> List<T> sorted(
            List<T> values,
            boolean descending) throws IllegalStateException {
          String text = \"""
              public void insideATextBlock() {
              \""";
          return values;
        }

        protected Map<String, Integer> counts() {
          return Map.of();
        }

        int packagePrivateHelper() {
          return items.size();
        }

        private void secret() {}

        @Override
        public String toString() {
          return "Cart" + items;
        }
      }

      interface Priced {
        long price(Cart.Item item);

        default long total(List<Cart.Item> items) {
          return 0;
        }
      }
      """;

  static final String PYTHON = """
      import os


      class Inventory(Base):
          \"""Keeps stock.

          def not_a_method(self):
          \"""

          def __init__(self, store: dict = {"a": 1}):
              self.store = store

          async def refill(self, sku: str,
                           amount: int) -> None:
              pass


      def load(path):
          return Inventory({})
      """;

  static String mapOf(Map<String, String> files, int maxChars) {
    RepositoryMap map = new RepositoryMap(maxChars);
    new TreeMap<>(files).forEach(map::add);
    return map.render();
  }

  @Test
  void listsEveryFileSortedWithAnIndentedOutlineOfJavaAndPythonDeclarations() {
    String map = mapOf(Map.of(
        "README.md", "# shop\nclass NotCode\n",
        "src/main/java/dev/example/shop/Cart.java", JAVA,
        "tools/inventory.py", PYTHON), 20_000);

    assertThat(map).isEqualTo("""
        README.md
        src/main/java/dev/example/shop/Cart.java
          public final class Cart
            public Cart(List<Item> items)
            public record Item(String sku, int quantity)
              public int doubled()
            enum State
            public <T extends Comparable<T>> List<T> sorted(List<T> values, boolean descending) throws IllegalStateException
            protected Map<String, Integer> counts()
            public String toString()
          interface Priced
            long price(Cart.Item item)
            default long total(List<Cart.Item> items)
        tools/inventory.py
          class Inventory(Base)
            def __init__(self, store: dict = {"a": 1})
            async def refill(self, sku: str, amount: int) -> None
          def load(path)""");
  }

  @Test
  void outlinesJavaScriptTypeScriptGoAndKotlin() {
    String map = mapOf(Map.of(
        "web/app.ts", """
            export interface Props { name: string }
            export const LIMIT = 10;
            export const render = (props: Props) => {
              return props.name;
            };
            export default class App extends Base {
              method() {}
            }
            async function load(url) {
            }
            const local = 1;
            """,
        "cmd/main.go", """
            package main

            type Server struct {
            \tport int
            }

            func (s *Server) Start(port int) error {
            \treturn nil
            }

            func main() {
            }
            """,
        "app/Greeter.kt", """
            data class Greeting(val text: String)

            class Greeter {
                fun greet(name: String): Greeting = Greeting("hi " + name)
                private fun secret() = 1
            }
            """), 20_000);

    assertThat(map).isEqualTo("""
        app/Greeter.kt
          data class Greeting(val text: String)
          class Greeter
            fun greet(name: String): Greeting
        cmd/main.go
          type Server struct
          func (s *Server) Start(port int) error
          func main()
        web/app.ts
          export interface Props
          export const LIMIT
          export const render = (props: Props) =>
          export default class App extends Base
          async function load(url)""");
  }

  @Test
  void aMapOverTheCapEndsWithAMarkerSayingHowManyFilesAreLeftOut() {
    Map<String, String> files = IntStream.range(0, 100).boxed()
        .collect(Collectors.toMap(i -> String.format("src/File%03d.java", i), i -> "public class File" + i + " {}\n"));

    String map = mapOf(files, 1000);

    assertThat(map.length()).isLessThanOrEqualTo(1000);
    assertThat(map).startsWith("src/File000.java\n  public class File0\nsrc/File001.java\n");
    int shown = (int) map.lines().filter(line -> line.startsWith("src/")).count();
    assertThat(map).endsWith("\n... " + (100 - shown) + " more files not shown (map capped at 1000 characters)");
  }

  @Test
  void aFileWithoutContentIsListedWithoutAnOutlineAndVeryLongOutlinesAreCut() {
    String many = IntStream.range(0, 100).mapToObj(i -> "def f" + i + "():\n    pass\n").collect(Collectors.joining());

    RepositoryMap builder = new RepositoryMap(20_000);
    builder.add("big.java", null);
    builder.add("many.py", many);
    String map = builder.render();

    assertThat(map).startsWith("big.java\nmany.py\n  def f0()\n");
    assertThat(map).contains("  def f79()\n  … 20 more declarations").doesNotContain("def f80");
  }

  @Test
  void refusesACapTooSmallForTheMarker() {
    assertThatThrownBy(() -> new RepositoryMap(50)).hasMessage("maxChars must be >= 200, was 50");
  }
}
