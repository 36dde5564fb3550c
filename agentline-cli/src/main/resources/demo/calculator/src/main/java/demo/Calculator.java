package demo;

/** A tiny calculator: the repository agentline's demo ticket changes. */
public final class Calculator {
  private Calculator() {}

  public static int add(int a, int b) {
    return a - b;
  }

  public static int multiply(int a, int b) {
    return a * b;
  }
}
