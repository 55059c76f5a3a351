package org.potluck.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.potluck.core.Rejection;
import org.potluck.node.SubmitResult;
import org.potluck.store.AcceptedShare;

/** Keeps every pool event so tests can wait for and inspect them. */
public final class RecordingListener implements PoolListener {
    public record Rejected(String user, Rejection rejection, String reason) {}

    public record RefusedLogin(String remote, String user, LoginRefusal reason, String detail) {}

    public record Block(BlockFound block, SubmitResult result) {}

    public final List<AcceptedShare> accepted = new CopyOnWriteArrayList<>();
    public final List<Rejected> rejected = new CopyOnWriteArrayList<>();
    public final List<Block> blocks = new CopyOnWriteArrayList<>();
    public final List<String> authorized = new CopyOnWriteArrayList<>();
    public final List<RefusedLogin> refusedLogins = new CopyOnWriteArrayList<>();
    public final List<String> nodeDown = new CopyOnWriteArrayList<>();
    public final List<String> nodeUp = new CopyOnWriteArrayList<>();
    public final List<Shed> shed = new CopyOnWriteArrayList<>();

    public record Shed(String remote, ShedReason reason) {}

    /**
     * Drops everything recorded so far. A soak keeps this listener's lists out of its heap figures: at about 550 bytes
     * per accepted share (and a job held by each block), they would otherwise be most of what it measures.
     */
    public void forget() {
        List.of(accepted, rejected, blocks, authorized, refusedLogins, nodeDown, nodeUp, shed)
                .forEach(List::clear);
    }

    @Override
    public void connectionShed(String remote, ShedReason reason) {
        shed.add(new Shed(remote, reason));
    }

    @Override
    public void minerAuthorized(String user, String userAgent, String remote, double difficulty) {
        authorized.add(user);
    }

    @Override
    public void loginRefused(String remote, String user, LoginRefusal reason, String detail) {
        refusedLogins.add(new RefusedLogin(remote, user, reason, detail));
    }

    @Override
    public void shareAccepted(AcceptedShare share) {
        accepted.add(share);
    }

    @Override
    public void shareRejected(String user, Rejection rejection, String reason) {
        rejected.add(new Rejected(user, rejection, reason));
    }

    @Override
    public void blockFound(BlockFound block, SubmitResult result) {
        blocks.add(new Block(block, result));
    }

    @Override
    public void nodeDown(String reason) {
        nodeDown.add(reason);
    }

    @Override
    public void nodeUp(String node) {
        nodeUp.add(node);
    }
}
