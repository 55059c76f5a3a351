package org.potluck.stratum;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper the protocol uses: numbers like 0.0001 are written plainly, never as 1.0E-4. */
public final class StratumJson {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private StratumJson() {}

    /** One line as a JSON object, for either side's general reader; anything else is refused with the reason. */
    static JsonNode readObject(byte[] line, int offset, int length) throws StratumFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(line, offset, length);
        } catch (JacksonException e) {
            throw new StratumFormatException("invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new StratumFormatException("expected a JSON object");
        }
        return root;
    }
}
