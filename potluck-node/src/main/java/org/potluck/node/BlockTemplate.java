package org.potluck.node;

import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
public record BlockTemplate(
        int version,
        String previousBlockHash,
        List<TemplateTx> transactions,
        long coinbaseValue,
        String bits,
        String target,
        long curTime,
        long minTime,
        int height,
        String defaultWitnessCommitment,
        String longPollId,
        List<String> rules) {

    public BlockTemplate {
        transactions = List.copyOf(transactions);
        rules = List.copyOf(rules);
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * Parses the {@code result} object of getblocktemplate; a missing required field is an error, not a zero. Same
     * rules as {@link NodeRpc#getBlockTemplate}, which reads the answer's bytes without building a tree.
     *
     * @throws NodeUnavailableException a required field is missing or mistyped, or {@code result} is not an object
     */
    public static BlockTemplate fromJson(JsonNode result) {
        try (JsonParser p = MAPPER.treeAsTokens(result)) {
            p.nextToken();
            return TemplateReader.read(p);
        }
    }
}
