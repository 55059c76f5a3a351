package org.potluck.accounting.published;

/**
 * A job with its place in the public job list: {@code cursor} ascends in the order the pool stored jobs (with possible
 * gaps) and is what {@code /api/v1/jobs?after=} resumes from.
 */
public record PublishedJobEntry(long cursor, PublishedJob job) {}
