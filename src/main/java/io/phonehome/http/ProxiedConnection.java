package io.phonehome.http;

import java.io.IOException;
import java.net.SocketAddress;
import org.xnio.IoUtils;
import org.xnio.Option;
import org.xnio.StreamConnection;

/**
 * A connection that reports the client a trusted proxy's PROXY header named as its peer, so the
 * handlers' {@code getSourceAddress()} is the phone's address; everything else is the real
 * connection's.
 */
final class ProxiedConnection extends StreamConnection {
    private final StreamConnection delegate;
    private final SocketAddress client;

    ProxiedConnection(StreamConnection delegate, SocketAddress client) {
        super(delegate.getIoThread());
        this.delegate = delegate;
        this.client = client;
        setSourceConduit(delegate.getSourceChannel().getConduit());
        setSinkConduit(delegate.getSinkChannel().getConduit());
    }

    @Override
    public SocketAddress getPeerAddress() {
        return client;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    protected void notifyWriteClosed() {
        IoUtils.safeClose(delegate.getSinkChannel());
    }

    @Override
    protected void notifyReadClosed() {
        IoUtils.safeClose(delegate.getSourceChannel());
    }

    @Override
    protected void closeAction() throws IOException {
        delegate.close();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return delegate.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        return delegate.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return delegate.setOption(option, value);
    }
}
