package dev.agentline.audit.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.audit.search.SearchQuery.InvalidParameterException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchQueryTest {
  private static final SearchQuery.Limits LIMITS = new SearchQuery.Limits(50, 500, 2000);

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void missingOrBlankQueryIsRejectedNamingQ(String q) {
    assertRejected(params("q", q), "q", "q is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-3", "501", "1.5"})
  void badLimitIsRejectedNamingLimit(String limit) {
    assertRejected(params("q", "frob", "limit", limit), "limit", "limit must be");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "2000", "x"})
  void offsetOutsideTheWindowIsRejectedNamingOffset(String offset) {
    assertRejected(params("q", "frob", "offset", offset), "offset", "offset must be");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {"null, 50", "7, 7", "500, 500"})
  void limitDefaultsToThePageSize(String limit, int expected) {
    assertThat(SearchQuery.parse(params("q", "x", "limit", limit), LIMITS).limit()).isEqualTo(expected);
  }

  @Test
  void blankFiltersMeanNoFilter() {
    assertThat(SearchQuery.parse(params("q", " frob ", "taskId", " ", "repository", "", "role", ""), LIMITS))
        .isEqualTo(new SearchQuery("frob", null, null, List.of(), List.of(), null, null, 50, 0));
  }

  @Test
  void rolesAndRecordTypesAreMatchedLooselyAndKeptCanonical() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("q", List.of("frob"));
    params.put("role", List.of("code-edit,manager", "TEST_WRITER", "Manager"));
    params.put("recordType", List.of("modelcall", "StepResult , dead-letter"));

    SearchQuery query = SearchQuery.parse(params, LIMITS);

    assertThat(query.roles()).containsExactly("CODE_EDIT", "MANAGER", "TEST_WRITER");
    assertThat(query.recordTypes()).containsExactly("ModelCall", "StepResult", "DeadLetter");
  }

  @Test
  void unknownRoleOrRecordTypeIsRejectedListingTheKnownOnes() {
    assertRejected(params("q", "frob", "role", "MANAGER,janitor"), "role", "unknown role 'janitor'; known: MANAGER, CODE_EDIT");
    assertRejected(params("q", "frob", "recordType", "Tweet"), "recordType", "unknown recordType 'Tweet'; known: TaskSubmitted");
  }

  @Test
  void timesAreInstantsWithAZoneOrWholeDays() {
    SearchQuery query = SearchQuery.parse(params("q", "x", "from", "2026-11-25T11:00:00+01:00", "to", "2026-11-26"), LIMITS);

    assertThat(query.from()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    // a date as the upper bound includes that whole day
    assertThat(query.to()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(SearchQuery.parse(params("q", "x", "from", "2026-11-25"), LIMITS).from()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-11-25T10:00:00", "2026-13-01", "1732530000"})
  void badTimeIsRejectedNamingIt(String time) {
    assertRejected(params("q", "x", "from", time), "from", "from must be an ISO-8601 time with a zone");
    assertRejected(params("q", "x", "to", time), "to", "to must be an ISO-8601 time");
  }

  @Test
  void rangeThatEndsBeforeItStartsIsRejectedNamingTo() {
    assertRejected(params("q", "x", "from", "2026-11-25T10:00:00Z", "to", "2026-11-25T10:00:00Z"), "to", "to must be after from");
  }

  @Test
  void unknownOrRepeatedParameterIsRejectedNamingIt() {
    assertRejected(params("q", "x", "tsakId", "t1"), "tsakId", "unknown parameter 'tsakId'");
    Map<String, List<String>> twice = new LinkedHashMap<>();
    twice.put("q", List.of("a", "b"));
    assertRejected(twice, "q", "q may be given once");
  }

  private static void assertRejected(Map<String, List<String>> params, String parameter, String message) {
    assertThatThrownBy(() -> SearchQuery.parse(params, LIMITS))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
          assertThat(e.parameter()).isEqualTo(parameter);
          assertThat(e.getMessage()).contains(message);
        });
  }

  /** Name/value pairs; a null value leaves the parameter out. */
  private static Map<String, List<String>> params(String... pairs) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) out.put(pairs[i], Arrays.asList(pairs[i + 1]));
    }
    return out;
  }
}
