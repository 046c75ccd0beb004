package dev.sluice.local.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Work of one kind that was accepted but is not done yet (an asynchronous invocation, an EventBridge delivery), kept
 * in a {@link StateStore} from the moment it is accepted until it is done, so that a restart picks it up again;
 * {@link #NONE} keeps nothing (no {@code --persist}). Each piece has an id; its JSON is the caller's.
 */
public final class PendingWork {

    /** Keeps nothing: the work lives in memory only. */
    public static final PendingWork NONE = new PendingWork(null, "none");

    private final StateStore store;
    private final String kind;

    /** @param kind names the work in the store, e.g. {@code lambda-async} */
    public PendingWork(StateStore store, String kind) {
        this.store = store;
        this.kind = kind;
    }

    /** Whether the work survives a restart. */
    public boolean persistent() {
        return store != null;
    }

    /** Keeps one piece and waits until it is on disk; returns its id (0 when nothing is kept). */
    public long keep(String json) {
        if (store == null) {
            return 0;
        }
        long id = store.newPendingId();
        StateStore.await(store.putPending(id, kind, json));
        return id;
    }

    /** Keeps several pieces in one transaction and waits until they are on disk; returns their ids in order. */
    public long[] keepAll(List<String> jsons) {
        long[] ids = new long[jsons.size()];
        if (store == null || jsons.isEmpty()) {
            return ids;
        }
        List<StateStore.Pending> all = new ArrayList<>(jsons.size());
        for (int i = 0; i < ids.length; i++) {
            ids[i] = store.newPendingId();
            all.add(new StateStore.Pending(ids[i], kind, jsons.get(i)));
        }
        StateStore.await(store.putPending(all));
        return ids;
    }

    /** Replaces the JSON of piece {@code id} (e.g. its attempt count), without waiting. */
    public void replace(long id, String json) {
        if (store != null && id != 0) {
            store.putPending(id, kind, json);
        }
    }

    /** The piece {@code id} is done: delivered, given up or dropped. Does not wait. */
    public void forget(long id) {
        if (store != null && id != 0) {
            store.removePending(id);
        }
    }

    /** What was kept, oldest first (start-up). */
    public List<StateStore.Pending> kept() {
        return store == null ? List.of() : store.pending(kind);
    }
}
