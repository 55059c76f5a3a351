package org.potluck.web.dashboard;

/**
 * A worker as miners name it in mining.authorize: "ADDRESS.worker", split at the first dot as the pool does (an address
 * has no dot; a worker name may). A bare address is the worker "default".
 */
record WorkerId(String address, String worker) {
    static final String DEFAULT_WORKER = "default";

    static WorkerId parse(String user) {
        int dot = user.indexOf('.');
        return dot < 0
                ? new WorkerId(user, DEFAULT_WORKER)
                : new WorkerId(user.substring(0, dot), user.substring(dot + 1));
    }

    String key() {
        return address + "." + worker;
    }
}
