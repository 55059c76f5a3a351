package org.potluck.pool.publish;

import java.util.ArrayList;
import java.util.List;
import org.potluck.accounting.Credit;
import org.potluck.accounting.CreditLedger;
import org.potluck.store.ShareStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The PPLNS credit ledger as kept in the database's settings after each block, so that a restarted pool owes exactly
 * what it owed before. (The verifier does not trust it: it replays the blocks itself.)
 */
public final class LedgerJson {
    public static final String KEY = "pplns.ledger";
    private static final JsonMapper JSON = JobJson.JSON;

    private LedgerJson() {}

    public static String of(CreditLedger ledger, int afterHeight) {
        ObjectNode o = JSON.createObjectNode();
        o.put("afterHeight", afterHeight);
        var credits = o.putArray("credits");
        for (Credit c : ledger.credits()) {
            credits.addObject()
                    .put("address", c.address())
                    .put("sats", c.sats())
                    .put("sinceHeight", c.sinceHeight());
        }
        return JSON.writeValueAsString(o);
    }

    public static CreditLedger load(ShareStore store) {
        String text = store.settings().get(KEY);
        if (text == null) {
            return CreditLedger.empty();
        }
        JsonNode o = JSON.readTree(text);
        List<Credit> credits = new ArrayList<>();
        for (JsonNode c : o.get("credits")) {
            credits.add(new Credit(
                    c.get("address").asString(),
                    c.get("sats").asLong(),
                    c.get("sinceHeight").asInt()));
        }
        return CreditLedger.of(credits);
    }
}
