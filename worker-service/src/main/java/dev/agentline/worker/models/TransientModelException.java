package dev.agentline.worker.models;

/** A model call that may succeed later (rate limit, server error, timeout, I/O): the step record is redelivered. */
public class TransientModelException extends ModelException {
  public TransientModelException(String message, String provider, String model, Throwable cause) {
    super(message, provider, model, cause);
  }

  public TransientModelException(String message, String provider, String model) {
    this(message, provider, model, null);
  }
}
