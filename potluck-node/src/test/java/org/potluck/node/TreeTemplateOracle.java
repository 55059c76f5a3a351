package org.potluck.node;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How BlockTemplate.fromJson read a template before the streaming reader (field by field from a JSON tree), kept as
 * an independent oracle: the streaming reader must give the same template for the same answer.
 */
final class TreeTemplateOracle {
    private TreeTemplateOracle() {}

    static BlockTemplate read(JsonNode r) {
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
