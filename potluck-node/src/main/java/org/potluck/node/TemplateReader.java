package org.potluck.node;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a {@code getblocktemplate} result object token by token into a {@link BlockTemplate}. A mainnet template
 * carries thousands of transactions (about 2 MB of JSON); building a tree of them first, only to copy the fields out,
 * cost most of the time between a block announcement and new work. The one place the field rules live: the tree path
 * ({@link BlockTemplate#fromJson}) feeds its tree through here too, so the two cannot drift apart.
 *
 * <p>Rules: a missing or mistyped required field is an error naming the field (and the transaction index); a missing
 * or mistyped optional field takes its default; unknown fields are skipped.
 */
final class TemplateReader {
    private static final String WHERE = "getblocktemplate";

    private TemplateReader() {}

    /**
     * @param p positioned on the result's {@code START_OBJECT}; left on its matching {@code END_OBJECT}
     * @throws NodeUnavailableException a required field is missing or has the wrong type
     */
    static BlockTemplate read(JsonParser p) {
        expectObject(p, WHERE + " result");
        Long version = null;
        Long curTime = null;
        Long minTime = null;
        Long height = null;
        Long coinbaseValue = null;
        String previousBlockHash = null;
        String bits = null;
        String target = null;
        String witnessCommitment = null;
        String longPollId = null;
        List<TemplateTx> txs = List.of();
        List<String> rules = new ArrayList<>();
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "version" -> version = integer(p);
                case "previousblockhash" -> previousBlockHash = string(p);
                case "coinbasevalue" -> coinbaseValue = integer(p);
                case "bits" -> bits = string(p);
                case "target" -> target = string(p);
                case "curtime" -> curTime = integer(p);
                case "mintime" -> minTime = integer(p);
                case "height" -> height = integer(p);
                case "default_witness_commitment" -> witnessCommitment = string(p);
                case "longpollid" -> longPollId = string(p);
                case "transactions" -> txs = value == JsonToken.START_ARRAY ? transactions(p) : noTransactions(p);
                case "rules" -> rules = value == JsonToken.START_ARRAY ? strings(p) : skipped(p, new ArrayList<>());
                default -> p.skipChildren();
            }
        }
        long cur = require(curTime, "curtime", WHERE);
        return new BlockTemplate(
                (int) require(version, "version", WHERE),
                require(previousBlockHash, "previousblockhash", WHERE),
                txs,
                require(coinbaseValue, "coinbasevalue", WHERE),
                require(bits, "bits", WHERE),
                target,
                cur,
                minTime == null ? cur : minTime,
                (int) require(height, "height", WHERE),
                witnessCommitment,
                longPollId,
                rules);
    }

    private static List<TemplateTx> transactions(JsonParser p) {
        List<TemplateTx> txs = new ArrayList<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            txs.add(transaction(p, WHERE + " transactions[" + i + "]"));
        }
        return txs;
    }

    private static TemplateTx transaction(JsonParser p, String where) {
        expectObject(p, where);
        String data = null;
        String txid = null;
        String hash = null;
        long fee = 0;
        long weight = 0;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            switch (name) {
                case "data" -> data = string(p);
                case "txid" -> txid = string(p);
                case "hash" -> hash = string(p);
                case "fee" -> fee = orDefault(integer(p), 0);
                case "weight" -> weight = orDefault(integer(p), 0);
                default -> p.skipChildren();
            }
        }
        String id = require(txid, "txid", where);
        return new TemplateTx(
                require(data, "data", where),
                id,
                // BIP145 "hash" is the wtxid; nodes that predate segwit omit it, and then it equals the txid.
                hash == null ? id : hash,
                fee,
                weight);
    }

    /** The strings of an array; other elements are skipped. */
    private static List<String> strings(JsonParser p) {
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String s = string(p);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<TemplateTx> noTransactions(JsonParser p) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        // An object or a number here is no template a pool can build on; zero transactions would hide that.
        throw new NodeUnavailableException(
                WHERE + ": field 'transactions' is not an array (got " + p.currentToken() + ")");
    }

    private static <T> T skipped(JsonParser p, T fallback) {
        p.skipChildren();
        return fallback;
    }

    /** The current value if it is a string, else null (after skipping it, if it is a container). */
    private static String string(JsonParser p) {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        p.skipChildren();
        return null;
    }

    /** The current value if it is an integer that fits a long, else null (after skipping it, if a container). */
    private static Long integer(JsonParser p) {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        p.skipChildren();
        return null;
    }

    private static long orDefault(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    private static String require(String value, String field, String where) {
        if (value == null) {
            throw new NodeUnavailableException(where + ": field '" + field + "' missing or not a string");
        }
        return value;
    }

    private static long require(Long value, String field, String where) {
        if (value == null) {
            throw new NodeUnavailableException(where + ": field '" + field + "' missing or not an integer");
        }
        return value;
    }

    private static void expectObject(JsonParser p, String where) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new NodeUnavailableException(where + " is not a JSON object (got " + p.currentToken() + ")");
        }
    }
}
