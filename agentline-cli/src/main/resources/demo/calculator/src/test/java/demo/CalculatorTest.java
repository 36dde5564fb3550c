package demo;

/** Checks the calculator without any test library, so the demo needs nothing but a JDK. */
public final class CalculatorTest {
  private static int failures;

  public static void main(String[] args) {
    check("add(2, 3)", 5, Calculator.add(2, 3));
    check("add(-4, 4)", 0, Calculator.add(-4, 4));
    check("multiply(3, 4)", 12, Calculator.multiply(3, 4));
    if (failures > 0) {
      System.out.println("CalculatorTest: " + failures + " check(s) FAILED");
      System.exit(1);
    }
    System.out.println("CalculatorTest: all checks passed");
  }

  private static void check(String what, int expected, int actual) {
    if (expected == actual) {
      System.out.println("ok   " + what + " = " + actual);
    } else {
      failures++;
      System.out.println("FAIL " + what + ": expected " + expected + " but was " + actual);
    }
  }
}
