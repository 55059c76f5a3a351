package org.potluck.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real file channel that can be told to fail like a full disk: writes store only part of their bytes and then
 * throw, forces throw. Also counts forces, to observe group commit.
 */
final class FaultyFileChannel extends FileChannel {
    final AtomicBoolean diskFull;
    final AtomicInteger forces;
    private final FileChannel real;

    FaultyFileChannel(FileChannel real, AtomicBoolean diskFull, AtomicInteger forces) {
        this.real = real;
        this.diskFull = diskFull;
        this.forces = forces;
    }

    private IOException noSpace() {
        return new IOException("No space left on device");
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (diskFull.get()) {
            // Like a disk that fills up mid-write: half the bytes land, then the error.
            int half = src.remaining() / 2;
            ByteBuffer part = src.slice(src.position(), half);
            real.write(part, position);
            throw noSpace();
        }
        return real.write(src, position);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        forces.incrementAndGet();
        if (diskFull.get()) {
            throw noSpace();
        }
        real.force(metaData);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (diskFull.get()) {
            throw noSpace();
        }
        return real.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (diskFull.get()) {
            throw noSpace();
        }
        return real.write(srcs, offset, length);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return real.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
