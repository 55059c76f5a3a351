package org.potluck.node;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a NodeWatcher reports, and whether two callbacks ever overlapped. */
final class RecordingListener implements NodeListener {
    sealed interface Event permits Template, Down, Up {}

    record Template(BlockTemplate template, boolean newBlock) implements Event {}

    record Down(String reason) implements Event {}

    record Up(String node) implements Event {}

    final List<Event> events = new CopyOnWriteArrayList<>();
    final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger inside = new AtomicInteger();

    @Override
    public void onTemplate(BlockTemplate template, boolean newBlock) {
        record(new Template(template, newBlock));
    }

    @Override
    public void onNodeDown(String reason) {
        record(new Down(reason));
    }

    @Override
    public void onNodeUp(String node) {
        record(new Up(node));
    }

    private void record(Event e) {
        if (inside.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            Thread.sleep(5); // widen the window in which an overlap would show
            events.add(e);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            inside.decrementAndGet();
        }
    }

    List<Template> templates() {
        return events.stream()
                .filter(Template.class::isInstance)
                .map(Template.class::cast)
                .toList();
    }

    long count(Class<? extends Event> kind) {
        return events.stream().filter(kind::isInstance).count();
    }
}
