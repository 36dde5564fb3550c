package dev.agentline.worker.models;

/** Passes calls on and appends every real (not replayed) answer to the record cassette. */
public final class RecordingModelClient implements ModelClient {
  private final ModelClient delegate;
  private final CassetteRecorder recorder;

  public RecordingModelClient(ModelClient delegate, CassetteRecorder recorder) {
    this.delegate = delegate;
    this.recorder = recorder;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    ModelResponse response = delegate.call(request);
    if (!ReplayModelClient.PROVIDER.equals(response.provider())) recorder.append(request, response);
    return response;
  }
}
