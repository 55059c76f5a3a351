package org.potluck.node;

import tools.jackson.databind.JsonNode;

/** Field access that tells which field of which answer was missing, instead of silently reading zero. */
final class Json {
    private Json() {}

    static String requireString(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) {
            throw new NodeUnavailableException(
                    where + ": field '" + field + "' missing or not a string in " + brief(node));
        }
        return v.stringValue();
    }

    static String optString(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : fallback;
    }

    static long requireLong(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new NodeUnavailableException(
                    where + ": field '" + field + "' missing or not an integer in " + brief(node));
        }
        return v.longValue();
    }

    static long optLong(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isIntegralNumber() ? v.longValue() : fallback;
    }

    static double optDouble(JsonNode node, String field, double fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : fallback;
    }

    static boolean optBoolean(JsonNode node, String field, boolean fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isBoolean() ? v.booleanValue() : fallback;
    }

    static String brief(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
