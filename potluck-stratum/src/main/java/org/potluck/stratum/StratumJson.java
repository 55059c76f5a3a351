package org.potluck.stratum;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper the protocol uses: numbers like 0.0001 are written plainly, never as 1.0E-4. */
public final class StratumJson {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private StratumJson() {
    }
}
