package org.potluck.store;

import java.util.List;

/**
 * A database the {@link ShareJournal} is copied into, for queries (accounting windows, dashboards). The journal is
 * the record of truth; a store can always be rebuilt from it, which is why inserts are idempotent on sequence.
 *
 * <p>Contract for every implementation (checked by {@code ShareStoreContractTest}): times are kept to the
 * microsecond (what PostgreSQL's {@code timestamptz} keeps), every other field exactly; methods are thread-safe;
 * failures throw {@link ShareStoreException}.
 */
public interface ShareStore extends AutoCloseable {

  /**
   * Stores the shares in one transaction. A sequence already stored is skipped (even if the fields differ), so
   * copying the same journal range twice changes nothing.
   *
   * @throws IllegalArgumentException if a share has no journal sequence (0)
   */
  void insert(List<AcceptedShare> shares);

  /** The highest stored sequence, 0 if empty. */
  long lastSequence();

  /** Up to {@code limit} shares with sequence above {@code afterSequence}, in sequence order. */
  List<AcceptedShare> sharesAfter(long afterSequence, int limit);

  long count();

  /** Up to {@code limit} block-finding shares, newest (highest sequence) first. */
  List<AcceptedShare> recentBlocks(int limit);

  @Override
  void close();
}
