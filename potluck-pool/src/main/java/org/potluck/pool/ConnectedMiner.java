package org.potluck.pool;

/**
 * A connected miner as the operator sees it, whatever protocol it speaks.
 *
 * @param id         a name no other connection has, to kick it by
 * @param user       what it authorized as (null before it has)
 * @param address    the payout address of that user (null before it has authorized)
 * @param remote     where it connects from, as text
 * @param difficulty its current share difficulty
 * @param userAgent  what its software calls itself (null when it did not say)
 * @param protocol   the protocol it speaks: "sv1" (Stratum v1)
 */
public record ConnectedMiner(
        String id, String user, String address, String remote, double difficulty, String userAgent, String protocol) {}
