package dev.tokenlb.gateway;

import java.util.concurrent.CountDownLatch;

/** Small thread helpers for the load tests: daemon threads, and waits that keep the interrupt flag. */
final class TestThreads {

    private TestThreads() {
    }

    static Thread started(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
