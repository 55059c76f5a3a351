package org.potluck.node;

/**
 * The node could not be reached or did not give a JSON-RPC answer: connection refused, timeout, HTTP 401 (wrong
 * credentials), HTTP error without a JSON body, unreadable reply.
 */
public final class NodeUnavailableException extends RuntimeException {
    public NodeUnavailableException(String message) {
        super(message);
    }

    public NodeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
