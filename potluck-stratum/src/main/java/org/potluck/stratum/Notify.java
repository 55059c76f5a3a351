package org.potluck.stratum;

import java.util.List;

/** The fields of {@code mining.notify}, already in the hex forms the wire carries (see protocol-notes). */
public record Notify(String jobId, String prevHash, String coinb1, String coinb2, List<String> merkleBranch,
                     String version, String nbits, String ntime, boolean cleanJobs) {
}
