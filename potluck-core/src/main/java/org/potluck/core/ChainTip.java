package org.potluck.core;

/** Where the chain is now, as far as the pool knows: a share on work for an older tip can no longer make a block. */
@FunctionalInterface
public interface ChainTip {
    boolean isCurrent(WorkTemplate template);
}
