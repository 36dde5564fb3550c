package dev.agentline.worker.cost;

/** What a model charges, in US dollars per million input and output tokens. */
public record Price(double input, double output) {
  public static final Price FREE = new Price(0, 0);

  public Price {
    if (input < 0 || Double.isNaN(input)) throw new IllegalArgumentException("input price must be >= 0, was " + input);
    if (output < 0 || Double.isNaN(output)) throw new IllegalArgumentException("output price must be >= 0, was " + output);
  }
}
