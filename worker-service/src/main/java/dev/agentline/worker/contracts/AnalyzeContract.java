package dev.agentline.worker.contracts;

import dev.agentline.platform.edits.RepoPaths;
import dev.agentline.schemas.StepRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Analysis, ANALYZE ({@code analysis.analyze@2}): the ticket, the repository map and file list in;
 * {@code {"summary", "files": [{"path", "purpose", "interfaces"}]}} out, checked against
 * {@code contracts/analysis.schema.json} with relative paths, and passed on as compact JSON text.
 */
final class AnalyzeContract extends TemplateContract {
  private final JsonAnswer json = new JsonAnswer("contracts/analysis.schema.json");

  AnalyzeContract() {
    super("analysis.analyze.v2");
  }

  @Override
  Map<String, String> fixedSections(StepRequest request) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("ticket", Sections.ticket(request.getTicket()));
    return sections;
  }

  @Override
  void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into) {
    into.put("repositoryMap", Sections.repositoryMap(request.getRepositoryMap(), budget));
    into.put("repositoryFiles", Sections.repositoryFiles(request.getRepositoryFiles(), budget));
  }

  @Override
  public StepOutput read(StepRequest request, String answer) {
    JsonAnswer.Read read = json.read(answer);
    if (!read.ok()) return StepOutput.invalid(read.error());
    JsonNode files = read.tree().get("files");
    for (int i = 0; i < files.size(); i++) {
      Optional<String> problem = RepoPaths.problem(files.get(i).get("path").asString());
      if (problem.isPresent()) return StepOutput.invalid("$.files[" + i + "].path: " + problem.get());
    }
    return StepOutput.text(JsonAnswer.JSON.writeValueAsString(read.tree()));
  }
}
