package io.jtunnel.config;

/** {@code logId}: what identifies a connection in {@code LOGn[id]}: a counter, a random string, a thread or the process. */
public enum LogIdType {
    SEQUENTIAL, UNIQUE, THREAD, PROCESS
}
