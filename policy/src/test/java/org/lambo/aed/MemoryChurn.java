package org.lambo.aed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rest of a JVM does to native memory between a forward and a backward pass, made certain: full collections
 * (so that direct buffers no longer referenced are freed), then many small direct buffers filled with NaN (so that the
 * freed memory is reused and holds NaN). A tensor that still reads a freed buffer then reads NaN.
 */
public final class MemoryChurn implements Runnable {
    private List<ByteBuffer> planted = new ArrayList<>();

    @Override
    public void run() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20); // lets the reference handler run the freed buffers' cleaners
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            List<ByteBuffer> next = new ArrayList<>();
            for (int k = 0; k < 20_000; k++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 * (1 + k % 8)).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 4) b.putFloat(Float.NaN);
                next.add(b);
            }
            planted = next; // the previous round's buffers become garbage for the next collection
        }
    }
}
