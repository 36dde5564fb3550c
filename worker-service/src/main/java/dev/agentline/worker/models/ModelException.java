package dev.agentline.worker.models;

/** A model call that failed and will fail again if repeated: the step fails at once with this reason. */
public class ModelException extends RuntimeException {
  private final String provider;
  private final String model;

  public ModelException(String message, String provider, String model, Throwable cause) {
    super(message, cause);
    this.provider = provider;
    this.model = model;
  }

  public ModelException(String message, String provider, String model) {
    this(message, provider, model, null);
  }

  public String provider() {
    return provider;
  }

  public String model() {
    return model;
  }
}
