package io.github.conversations4j.webhooks;

import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the event types. */
final class Events {
    private Events() {}

    /** An unmodifiable copy without the null elements; empty for null. */
    static <T> List<T> nonNull(List<T> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(list.size());
        for (T t : list) {
            if (t != null) {
                copy.add(t);
            }
        }
        return List.copyOf(copy);
    }
}
