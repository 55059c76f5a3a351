package org.potluck.node;

/** The parts of {@code getblockchaininfo} the pool uses. */
public record ChainInfo(
        String chain, long blocks, String bestBlockHash, boolean initialBlockDownload, double verificationProgress) {}
