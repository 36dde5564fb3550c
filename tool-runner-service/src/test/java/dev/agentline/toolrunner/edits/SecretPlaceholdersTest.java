package dev.agentline.toolrunner.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretPlaceholdersTest {
  static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String CONFIG = "region=eu-west-1\naws.key=" + KEY + "\nurl=https://deploy:Tr0ub4dor@git.example.com/r.git\n";

  final SecretPlaceholders placeholders = new SecretPlaceholders("deployment key");

  @Test
  void aSecretBecomesAPlaceholderNamingItsKindTheSameEachTime() {
    String hidden = placeholders.hide(CONFIG);

    assertThat(hidden).doesNotContain(KEY).doesNotContain("Tr0ub4dor")
        .matches("(?s)region=eu-west-1\naws\\.key=\\[REDACTED:aws-access-key#[0-9a-f]{12}]\n"
            + "url=https://deploy:\\[REDACTED:url-password#[0-9a-f]{12}]@git\\.example\\.com/r\\.git\n");
    assertThat(placeholders.hide(CONFIG)).isEqualTo(hidden);
    assertThat(placeholders.hide("no secret here at all")).isEqualTo("no secret here at all");
  }

  @Test
  void runnersWithTheSameKeyAgreeAndOtherKeysDoNot() {
    String hidden = placeholders.hide(CONFIG);

    assertThat(new SecretPlaceholders("deployment key").hide(CONFIG)).isEqualTo(hidden);
    assertThat(new SecretPlaceholders("another key").hide(CONFIG)).isNotEqualTo(hidden);
    assertThat(SecretPlaceholders.withRandomKey().hide(CONFIG)).isNotEqualTo(hidden);
  }

  @Test
  void restoringPutsEachSecretBackFromTheFilesItCameFrom() {
    String hidden = placeholders.hide(CONFIG);
    String edited = hidden.replace("eu-west-1", "us-east-2");

    assertThat(placeholders.restorer(List.of(CONFIG)).apply(edited)).isEqualTo(CONFIG.replace("eu-west-1", "us-east-2"));
    assertThat(placeholders.restorer(List.of()).apply("plain text")).isEqualTo("plain text");
  }

  @Test
  void aPlaceholderForASecretNoneOfTheFilesHoldsIsRefused() {
    String fromAnotherFile = placeholders.hide("token=" + "ghp_16C7e42F292c6912E7710c838347Ae178B4a");
    String madeUp = "aws.key=[REDACTED:aws-access-key#0123456789ab]";

    assertThatThrownBy(() -> placeholders.restorer(List.of(CONFIG)).apply(fromAnotherFile))
        .isInstanceOf(EditRejectedException.class)
        .hasMessageContaining("[REDACTED:secret-assignment#")
        .hasMessageContaining("none of the files it changes holds");
    assertThatThrownBy(() -> placeholders.restorer(List.of(CONFIG)).apply(madeUp))
        .isInstanceOf(EditRejectedException.class)
        .hasMessageContaining("[REDACTED:aws-access-key#0123456789ab]");
  }

  @Test
  void theSameSecretFoundAsAnotherKindIsStillKnownByItsId() {
    String hidden = placeholders.hide("aws.key=" + KEY);
    String asAssignment = hidden.replace("aws.key=", "access-key=").replace("aws-access-key#", "secret-assignment#");

    assertThat(placeholders.hide("access-key=" + KEY)).isEqualTo(asAssignment);
    assertThat(placeholders.restorer(List.of(CONFIG)).apply(asAssignment)).isEqualTo("access-key=" + KEY);
  }

  @Test
  void aPlaceholderReadsAsNoSecretItselfSoHidingTwiceChangesNothing() {
    String hidden = placeholders.hide("github.token=" + "ghp_16C7e42F292c6912E7710c838347Ae178B4a" + " and private-key: " + KEY);

    assertThat(hidden).contains("[REDACTED:secret-assignment#", "[REDACTED:secret-assignment#");
    assertThat(placeholders.hide("the change holds " + hidden)).isEqualTo("the change holds " + hidden);
  }

  @Test
  void placeholderTextAFileHoldsAsItIsStaysText() {
    String test = "assertThat(error).contains(\"[REDACTED:aws-access-key#0123456789ab]\");\n";
    String edit = test.replace("contains", "startsWith");

    assertThat(placeholders.restorer(List.of(test)).apply(edit)).isEqualTo(edit);
  }

  @Test
  void anotherKeysPlaceholderIsNotTakenForTheSecret() {
    String hiddenElsewhere = new SecretPlaceholders("another key").hide(CONFIG);

    assertThatThrownBy(() -> placeholders.restorer(List.of(CONFIG)).apply(hiddenElsewhere)).isInstanceOf(EditRejectedException.class);
  }
}
