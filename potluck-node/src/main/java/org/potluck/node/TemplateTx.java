package org.potluck.node;

/**
 * One transaction of a block template.
 *
 * @param data   raw transaction hex (with witness if it has one)
 * @param txid   display hex, without witness
 * @param hash   display hex, with witness (wtxid)
 * @param fee    satoshis
 * @param weight weight units
 */
public record TemplateTx(String data, String txid, String hash, long fee, long weight) {}
