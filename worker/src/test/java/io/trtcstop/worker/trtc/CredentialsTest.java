package io.trtcstop.worker.trtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void toStringShowsOnlyTheStartOfTheSecretId() {
        Credentials credentials = new Credentials("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "sts-token-value");
        assertThat(credentials.toString())
                .isEqualTo("Credentials[secretId=AKID…, secretKey=***, sessionToken=***]")
                .doesNotContain("z8krbs", "Gu5t9x", "sts-token-value");
        assertThat(CredentialsProvider.fixed(credentials).toString()).doesNotContain("Gu5t9x", "sts-token-value", "z8krbs");
    }

    @Test
    void shortSecretIdsAreMaskedCompletely() {
        assertThat(Credentials.of("AKID", "k").toString()).startsWith("Credentials[secretId=…,").endsWith("sessionToken=none]");
    }

    @Test
    void blankSessionTokenMeansNone() {
        assertThat(new Credentials("id", "key", "").sessionToken()).isNull();
        assertThat(new Credentials("id", "key", "  ").hasSessionToken()).isFalse();
    }

    @Test
    void rejectsValuesThatCannotBeSentWithoutEchoingThem() {
        assertThatThrownBy(() -> Credentials.of("", "key")).hasMessage("secretId must not be empty");
        assertThatThrownBy(() -> Credentials.of("id", "secret-with-newline\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("secretKey must be printable ASCII")
                .message().doesNotContain("secret-with-newline");
        assertThatThrownBy(() -> new Credentials("id", "key", "tok en"))
                .hasMessageStartingWith("sessionToken must be printable ASCII")
                .message().doesNotContain("tok");
        assertThatThrownBy(() -> Credentials.of(null, "key")).isInstanceOf(NullPointerException.class);
    }
}
