package org.potluck.config;

import java.util.List;

/** A reload was refused because these keys changed and only a restart of the pool can apply them. */
public final class RestartRequiredException extends RuntimeException {
    private final List<String> keys;

    public RestartRequiredException(List<String> keys) {
        super("these keys need a restart of the pool, nothing was applied: " + String.join(", ", keys));
        this.keys = List.copyOf(keys);
    }

    public List<String> keys() {
        return keys;
    }
}
