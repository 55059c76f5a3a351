package org.potluck.node;

/** The node answered, with a JSON-RPC error object (unknown method, bad parameters, node busy...). */
public final class RpcException extends RuntimeException {
    private final int code;
    private final String rpcMessage;
    private final String method;

    public RpcException(String method, int code, String rpcMessage) {
        super("RPC " + method + " failed with code " + code + ": " + rpcMessage);
        this.method = method;
        this.code = code;
        this.rpcMessage = rpcMessage;
    }

    public int code() {
        return code;
    }

    public String rpcMessage() {
        return rpcMessage;
    }

    public String method() {
        return method;
    }
}
