package dev.agentline.audit.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.audit.search.SearchQuery.InvalidParameterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void missingOrBlankQueryIsRejectedNamingQ(String q) {
    assertThatThrownBy(() -> SearchQuery.parse(q, null, null, 50, 500))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("q"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-3", "501", "1.5"})
  void badLimitIsRejectedNamingLimit(String limit) {
    assertThatThrownBy(() -> SearchQuery.parse("frobnicator", null, limit, 50, 500))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
          assertThat(e.parameter()).isEqualTo("limit");
          assertThat(e.getMessage()).contains("limit must be");
        });
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {"null, 50", "7, 7", "500, 500"})
  void limitDefaultsToThePageSize(String limit, int expected) {
    assertThat(SearchQuery.parse("x", null, limit, 50, 500).limit()).isEqualTo(expected);
  }

  @Test
  void blankTaskIdMeansEveryTask() {
    assertThat(SearchQuery.parse(" frob ", " ", null, 50, 500)).isEqualTo(new SearchQuery("frob", null, 50));
  }
}
