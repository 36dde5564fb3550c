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
            public static final Cart EMPTY
            public Cart(List<Item> items)
            public record Item(String sku, int quantity)
              public int doubled()
            enum State { OPEN, CLOSED }
            public <T extends Comparable<T>> List<T> sorted(List<T> values, boolean descending) throws IllegalStateException
            protected Map<String, Integer> counts()
            int packagePrivateHelper()
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

  static final String MODERN_JAVA = """
      package dev.example.shapes;

      import java.io.IOException;
      import java.util.*;

      /** Shapes; a comment saying public void commented() is not a method. */
      public sealed interface Shape permits Shape.Circle, Shape.Square, Polygon {
        double PI_ISH = 3.14;
        String NAME = "shape", OTHER = "other";

        double area();

        static Shape parse(String... parts) throws IOException, IllegalArgumentException {
          return switch (parts.length) {
            case 1 -> new Circle(Double.parseDouble(parts[0]));
            case 2 -> { yield new Square(1); }
            default -> throw new IllegalArgumentException(\"""
                public void insideATextBlock() {
                \""");
          };
        }

        private static void helper() {}

        record Circle(double radius) implements Shape {
          public Circle {
            if (radius < 0) throw new IllegalArgumentException();
          }

          @Override
          public double area() {
            return Math.PI * radius * radius;
          }
        }

        final class Square implements Shape {
          private final double side;

          Square(double side) { this.side = side; }

          public double area() { return side * side; }
        }
      }

      non-sealed class Polygon implements Shape {
        public double area() { return 0; }

        static String describe(Object o) {
          if (o instanceof Shape.Circle(double r)) return "circle " + r;
          return switch (o) {
            case Shape.Square s when s.area() > 1 -> "big square";
            default -> "other";
          };
        }

        protected <T extends Comparable<? super T> & java.io.Serializable> Map<String,List<T>>[] group(
            Collection<? extends T> items,
            @Deprecated int[][] grid) {
          new Object() { public void anonymous() {} };
          return null;
        }

        private class Hidden {
          public void invisible() {}
        }
      }

      enum Planet implements Comparable<Planet> {
        MERCURY(1), VENUS(2), EARTH(3), MARS(4), JUPITER(5), SATURN(6), URANUS(7), NEPTUNE(8), A(9), B(10), C(11), D(12), E(13), F(14);

        private final int order;

        Planet(int order) { this.order = order; }

        public int order() { return order; }
      }

      @interface Marker {
        String value() default "";
        int[] numbers();
      }
      """;

  @Test
  void javaIsParsedKindsModifiersSupertypesSignaturesAndConstantsWithoutBodiesOrPrivateMembers() {
    String map = mapOf(Map.of("src/Shape.java", MODERN_JAVA), 20_000);

    assertThat(map).isEqualTo("""
        src/Shape.java
          public sealed interface Shape permits Shape.Circle, Shape.Square, Polygon
            double PI_ISH
            String NAME
            String OTHER
            double area()
            static Shape parse(String... parts) throws IOException, IllegalArgumentException
            record Circle(double radius) implements Shape
              public double area()
            final class Square implements Shape
              Square(double side)
              public double area()
          non-sealed class Polygon implements Shape
            public double area()
            static String describe(Object o)
            protected <T extends Comparable<? super T> & java.io.Serializable> Map<String, List<T>>[] group(Collection<? extends T> items, int[][] grid)
          enum Planet implements Comparable<Planet> { MERCURY, VENUS, EARTH, MARS, JUPITER, SATURN, URANUS, NEPTUNE, A, B, C, D, … 2 more }
            Planet(int order)
            public int order()
          @interface Marker
            String value()
            int[] numbers()""");
  }

  @Test
  void aJavaFileThatDoesNotParseGetsTheLinePatternOutlineWithANoteSayingWhere() {
    String broken = """
        package x;

        public class Broken {
          public void fine() {}

          public void broken( {
          }
        }
        """;

    String map = mapOf(Map.of("src/Broken.java", broken, "src/Notes.java", "these are notes, not code {\n"), 20_000);

    assertThat(map).isEqualTo("""
        src/Broken.java (not parsed: line 6, column 21: Found "{"; outline from line patterns)
          public class Broken
            public void fine()
            public void broken( { } } …
        src/Notes.java (not parsed: line 1, column 7: Found "notes")""");
  }

  @Test
  void aJavaFileThatCrashesTheParserStillGetsAnOutline() {
    String deep = "class Deep {\n  public int value() {\n    return " + "(".repeat(5000) + "1" + ")".repeat(5000) + ";\n  }\n}\n";

    String map = mapOf(Map.of("gen/Deep.java", deep), 20_000);

    assertThat(map).isEqualTo("""
        gen/Deep.java (not parsed: the parser failed: StackOverflowError; outline from line patterns)
          class Deep
            public int value()""");
  }

  @Test
  void twoThousandJavaFilesAreParsedAndMappedInSeconds() {
    Map<String, String> files = IntStream.range(0, 2000).boxed().collect(Collectors.toMap(
        i -> String.format("src/main/java/gen/p%02d/Service%04d.java", i % 50, i), RepositoryMapTest::generatedService));

    long start = System.nanoTime();
    String map = mapOf(files, 10_000_000);
    long millis = (System.nanoTime() - start) / 1_000_000;

    System.out.println("repository map of 2000 generated Java files (" + files.values().stream().mapToInt(String::length).sum() / 1024
        + " KiB): " + millis + " ms, " + map.length() + " characters");
    assertThat(map).doesNotContain("not parsed").contains("""
        src/main/java/gen/p07/Service1957.java
          public class Service1957 extends AbstractService implements Runnable
            public static final int LIMIT
            public Service1957(Repository repository)
            public Optional<Entity> find(long id) throws IOException
            public List<Entity> findAll(Map<String, Object> filter, int limit)
            protected void save(Entity entity)
            public void run()
            public record Entity(long id, String name)
            enum Status { ACTIVE, RETIRED }
        """);
    assertThat(map.lines().filter(line -> line.startsWith("src/"))).hasSize(2000);
    assertThat(millis).as("milliseconds to map 2000 files").isLessThan(60_000);
  }

  static String generatedService(int i) {
    return """
        package gen.p%02d;

        import java.io.IOException;
        import java.util.*;

        /** Generated service %d. */
        public class Service%04d extends AbstractService implements Runnable {
          public static final int LIMIT = %d;
          private final Repository repository;

          public Service%04d(Repository repository) {
            this.repository = repository;
          }

          public Optional<Entity> find(long id) throws IOException {
            if (id < 0) throw new IOException("negative id " + id);
            return repository.load(id).map(row -> new Entity(row.id(), row.name()));
          }

          public List<Entity> findAll(Map<String, Object> filter, int limit) {
            List<Entity> result = new ArrayList<>();
            for (var row : repository.query(filter)) {
              if (result.size() >= Math.min(limit, LIMIT)) break;
              result.add(new Entity(row.id(), row.name()));
            }
            return result;
          }

          protected void save(Entity entity) {
            repository.store(entity.id(), entity.name());
          }

          private String describe(Entity entity) {
            return switch (entity.name().length()) {
              case 0 -> "nameless";
              default -> entity.name();
            };
          }

          @Override
          public void run() {
            findAll(Map.of(), 10).forEach(this::save);
          }

          public record Entity(long id, String name) {}

          enum Status { ACTIVE, RETIRED }
        }
        """.formatted(i % 50, i, i, i, i);
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
