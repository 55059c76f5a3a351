package org.potluck.node;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A {@code getblocktemplate} answer (BIP22/BIP23/BIP145), reduced to what a pool builds jobs from.
 *
 * @param previousBlockHash        display hex (as RPC prints it)
 * @param coinbaseValue            satoshis the coinbase may claim (subsidy plus fees)
 * @param bits                     compact target, hex
 * @param target                   full target, hex
 * @param defaultWitnessCommitment complete commitment scriptPubKey hex ({@code 6a24aa21a9ed...}); null if absent
 * @param longPollId               null if the node gave none
 */
public record BlockTemplate(int version, String previousBlockHash, List<TemplateTx> transactions, long coinbaseValue,
                            String bits, String target, long curTime, long minTime, int height,
                            String defaultWitnessCommitment, String longPollId, List<String> rules) {

    public BlockTemplate {
        transactions = List.copyOf(transactions);
        rules = List.copyOf(rules);
    }

    /** Parses the {@code result} object of getblocktemplate; a missing required field is an error, not a zero. */
    public static BlockTemplate fromJson(JsonNode r) {
        String where = "getblocktemplate";
        List<TemplateTx> txs = new ArrayList<>();
        JsonNode txArray = r.path("transactions");
        for (int i = 0; i < txArray.size(); i++) {
            JsonNode t = txArray.get(i);
            String txWhere = where + " transactions[" + i + "]";
            String txid = Json.requireString(t, "txid", txWhere);
            txs.add(new TemplateTx(
                    Json.requireString(t, "data", txWhere),
                    txid,
                    // BIP145 "hash" is the wtxid; nodes that predate segwit omit it, and then it equals the txid.
                    Json.optString(t, "hash", txid),
                    Json.optLong(t, "fee", 0),
                    Json.optLong(t, "weight", 0)));
        }
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : r.path("rules")) {
            if (rule.isString()) {
                rules.add(rule.stringValue());
            }
        }
        long curTime = Json.requireLong(r, "curtime", where);
        return new BlockTemplate(
                (int) Json.requireLong(r, "version", where),
                Json.requireString(r, "previousblockhash", where),
                txs,
                Json.requireLong(r, "coinbasevalue", where),
                Json.requireString(r, "bits", where),
                Json.optString(r, "target", null),
                curTime,
                Json.optLong(r, "mintime", curTime),
                (int) Json.requireLong(r, "height", where),
                Json.optString(r, "default_witness_commitment", null),
                Json.optString(r, "longpollid", null),
                rules);
    }
}
