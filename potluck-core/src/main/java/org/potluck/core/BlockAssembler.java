package org.potluck.core;

import java.util.List;
import org.potluck.bitcoin.CoinbaseBuilder;
import org.potluck.bitcoin.CompactSize;
import org.potluck.bitcoin.Hex;

/** Turns a share that meets the network target into the hex of a whole block for submitblock. */
public final class BlockAssembler {
    private BlockAssembler() {}

    public static String blockHex(JobSpec job, byte[] header, byte[] extranonce1, byte[] extranonce2) {
        byte[] coinbase = job.coinbase().assemble(extranonce1, extranonce2);
        if (job.template().segwit()) {
            coinbase = CoinbaseBuilder.withWitness(coinbase);
        }
        List<String> txs = job.template().transactionsHex();
        int size = (header.length + coinbase.length + 9) * 2
                + txs.stream().mapToInt(String::length).sum();
        StringBuilder hex = new StringBuilder(size);
        hex.append(Hex.encode(header));
        hex.append(Hex.encode(CompactSize.encode(txs.size() + 1L)));
        hex.append(Hex.encode(coinbase));
        txs.forEach(hex::append);
        return hex.toString();
    }
}
