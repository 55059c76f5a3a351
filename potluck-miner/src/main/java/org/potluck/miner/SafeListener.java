package org.potluck.miner;

/** Shields the miner's threads from a listener that throws: a broken UI must not stop hashing or reading. */
final class SafeListener implements MinerListener {
    private final MinerListener delegate;

    SafeListener(MinerListener delegate) {
        this.delegate = delegate == null ? new MinerListener() {} : delegate;
    }

    @Override
    public void onConnected(String extranonce1, int extranonce2Size) {
        guard(() -> delegate.onConnected(extranonce1, extranonce2Size));
    }

    @Override
    public void onJob(String jobId, boolean clean) {
        guard(() -> delegate.onJob(jobId, clean));
    }

    @Override
    public void onDifficulty(double difficulty) {
        guard(() -> delegate.onDifficulty(difficulty));
    }

    @Override
    public void onShare(String jobId, boolean accepted, String error, double hashDifficulty) {
        guard(() -> delegate.onShare(jobId, accepted, error, hashDifficulty));
    }

    @Override
    public void onDisconnected(String reason) {
        guard(() -> delegate.onDisconnected(reason));
    }

    @Override
    public void onMessage(String text) {
        guard(() -> delegate.onMessage(text));
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // A listener's own bug; there is nobody better placed to report it than the listener itself.
        }
    }
}
