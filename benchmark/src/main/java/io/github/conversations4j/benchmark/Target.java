package io.github.conversations4j.benchmark;

/**
 * One client under test: the same calls, made the way a user of that client makes them (a new request object per
 * call, the client's own models back).
 */
interface Target extends AutoCloseable {
    /** The name in the tables. */
    String name();

    /** Workload 1 and 3: one automated message sent ({@code POST /conversations/pushedMessages}); its id. */
    String send();

    /**
     * Workload 2: a message's life, four calls: send as agent, get it, edit it, delete it.
     *
     * @return the id read back by the get
     */
    String life();

    @Override
    default void close() {}
}
