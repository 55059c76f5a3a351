package org.potluck.stratum;

import tools.jackson.databind.JsonNode;

/** Reading a message's params by position, each refusal naming the method and the field. */
final class Params {
    private Params() {}

    static void atLeast(JsonNode params, int count, String method, String shape) throws StratumFormatException {
        if (!params.isArray() || params.size() < count) {
            throw new StratumFormatException(method + " params must be " + shape + ", got " + clip(params.toString()));
        }
    }

    static String string(JsonNode params, int index, String what) throws StratumFormatException {
        JsonNode node = params.path(index);
        if (!node.isString()) {
            throw new StratumFormatException(what + " must be a string, got " + clip(node.toString()));
        }
        return node.stringValue();
    }

    /** Hex with an even number of digits (bytes); empty is allowed. */
    static String bytesHex(JsonNode params, int index, String what) throws StratumFormatException {
        String s = string(params, index, what);
        if (s.length() % 2 != 0 || !Submit.isHex(s)) {
            throw new StratumFormatException(what + " must be hex bytes, got \"" + clip(s) + "\"");
        }
        return s;
    }

    /** Exactly {@code digits} hex digits. */
    static String fixedHex(JsonNode node, int digits, String what) throws StratumFormatException {
        if (!node.isString()) {
            throw new StratumFormatException(what + " must be a string, got " + clip(node.toString()));
        }
        String s = node.stringValue();
        if (s.length() != digits || !Submit.isHex(s)) {
            throw new StratumFormatException(what + " must be " + digits + " hex digits, got \"" + clip(s) + "\"");
        }
        return s;
    }

    static int integer(JsonNode node, String what) throws StratumFormatException {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isString()) {
            try {
                return Integer.parseInt(node.stringValue().strip());
            } catch (NumberFormatException e) {
                // worded below
            }
        }
        throw new StratumFormatException(what + " must be an integer, got " + clip(node.toString()));
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
