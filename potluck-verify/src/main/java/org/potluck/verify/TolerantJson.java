package org.potluck.verify;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verifier's one JSON mapper, for the pool's public API and the witness node's answers: unknown fields are
 * tolerated (a newer pool may add some), decimals are read exactly.
 */
final class TolerantJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private TolerantJson() {}
}
