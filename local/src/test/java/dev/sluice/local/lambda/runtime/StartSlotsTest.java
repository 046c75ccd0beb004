package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartSlotsTest {

    @Test
    void grantsAtOnceBelowTheLimitWithoutTellingTheListener() throws Exception {
        StartSlots slots = new StartSlots(2);
        Recording listener = new Recording();
        StartSlots.Slot a = slots.acquire("f", () -> false, listener);
        StartSlots.Slot b = slots.acquire("g", () -> false, listener);
        assertThat(slots.inUse()).isEqualTo(2);
        assertThat(listener.events).isEmpty();
        a.close();
        a.close(); // given back once only
        b.close();
        assertThat(slots.inUse()).isZero();
        assertThat(slots.counts()).containsExactly(2, 0);
    }

    @Test
    void aWaiterIsToldWhenItWaitsAndWhenItIsGranted() throws Exception {
        StartSlots slots = new StartSlots(1);
        StartSlots.Slot held = slots.acquire("f", () -> false, StartSlots.WaitListener.NONE);
        Recording listener = new Recording();
        List<StartSlots.Slot> granted = new CopyOnWriteArrayList<>();
        Thread waiter = started(() -> granted.add(acquire(slots, "g", false, listener)));
        Await.until("the waiter waits", Duration.ofSeconds(10), () -> slots.waiting() == 1);
        assertThat(listener.events).containsExactly("waiting");
        held.close();
        waiter.join();
        assertThat(listener.events).containsExactly("waiting", "waited");
        assertThat(granted).hasSize(1);
        assertThat(slots.counts()).containsExactly(2, 1);
    }

    @Test
    void aFunctionsFirstEnvironmentGoesAheadOfAFurtherOne() throws Exception {
        StartSlots slots = new StartSlots(1);
        StartSlots.Slot held = slots.acquire("busy", () -> true, StartSlots.WaitListener.NONE);
        List<String> order = new CopyOnWriteArrayList<>();
        Thread further = started(() -> {
            acquire(slots, "busy", true, StartSlots.WaitListener.NONE).close();
            order.add("busy");
        });
        Await.until("the further environment waits", Duration.ofSeconds(10), () -> slots.waiting() == 1);
        Thread first = started(() -> {
            StartSlots.Slot slot = acquire(slots, "new", false, StartSlots.WaitListener.NONE);
            order.add("new");
            slot.close();
        });
        Await.until("both wait", Duration.ofSeconds(10), () -> slots.waiting() == 2);
        held.close();
        further.join();
        first.join();
        assertThat(order).containsExactly("new", "busy");
    }

    @Test
    void anInterruptedWaiterLeavesTheLine() throws Exception {
        StartSlots slots = new StartSlots(1);
        StartSlots.Slot held = slots.acquire("f", () -> false, StartSlots.WaitListener.NONE);
        AtomicInteger interrupted = new AtomicInteger();
        Thread waiter = started(() -> {
            try {
                slots.acquire("g", () -> false, StartSlots.WaitListener.NONE);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        });
        Await.until("the waiter waits", Duration.ofSeconds(10), () -> slots.waiting() == 1);
        waiter.interrupt();
        waiter.join();
        assertThat(interrupted).hasValue(1);
        assertThat(slots.waiting()).isZero();
        held.close();
        assertThat(slots.inUse()).isZero();
    }

    @Test
    void theLimitIsAtLeastOne() {
        assertThatThrownBy(() -> new StartSlots(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrent inits must be at least 1 (given 0)");
        assertThat(StartSlots.defaultLimit()).isGreaterThanOrEqualTo(2);
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static StartSlots.Slot acquire(StartSlots slots, String function, boolean ready,
                                           StartSlots.WaitListener listener) {
        try {
            return slots.acquire(function, () -> ready, listener);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Recording implements StartSlots.WaitListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void waiting() {
            events.add("waiting");
        }

        @Override
        public void waited() {
            events.add("waited");
        }
    }
}
