package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** Checks on the pool's answers that several protocol tests share. */
final class StratumAssertions {
    private StratumAssertions() {}

    /** An error answer {@code [code, reason, null]} whose reason mentions {@code reasonPart}, and no true result. */
    static void assertError(JsonNode reply, int code, String reasonPart) {
        assertThat(reply.get("error").isArray())
                .as("an error answer, got %s", reply)
                .isTrue();
        assertThat(reply.get("error").get(0).asInt())
                .as("error code of %s", reply)
                .isEqualTo(code);
        assertThat(reply.get("error").get(1).asString()).contains(reasonPart);
        assertThat(reply.get("result").asBoolean(false)).isFalse();
    }
}
