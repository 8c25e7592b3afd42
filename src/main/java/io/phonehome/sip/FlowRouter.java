package io.phonehome.sip;

import gov.nist.javax.sip.stack.HopImpl;
import io.phonehome.sip.location.Flow;
import java.util.ListIterator;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/**
 * Decides where jain-sip sends a request. The SIP core always knows the flow a request must take
 * (a registered phone's NAT flow, the other side of a dialog): it states it with {@link #via}
 * around the send call, and the stack asks this router on the same thread. Without such a
 * statement the request goes to its first Route, else its Request-URI, and only to IP literals:
 * Phonehome never resolves a host name a peer put into a message. Instantiated by jain-sip by
 * class name (ROUTER_PATH) with the (SipStack, String) constructor.
 */
public final class FlowRouter implements Router {
    private final ThreadLocal<Hop> override = new ThreadLocal<>();

    public FlowRouter(SipStack stack, String outboundProxy) {
        // no outbound proxy: Phonehome is the edge
    }

    /** Runs {@code send} with every next-hop question answered by {@code flow}. */
    <T> T via(Flow flow, Supplier<T> send) {
        Hop previous = override.get();
        override.set(new HopImpl(flow.address(), flow.port(), flow.transport().toUpperCase(Locale.ROOT)));
        try {
            return send.get();
        } finally {
            if (previous == null) {
                override.remove();
            } else {
                override.set(previous);
            }
        }
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        Hop h = override.get();
        if (h != null) {
            return h;
        }
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI target = route != null ? route.getAddress().getURI() : request.getRequestURI();
        Flow f = Targets.hopOf(target);
        if (f == null) {
            throw new SipException("no IP-literal next hop for " + (target instanceof SipURI s ? s.getHost() : target.getScheme()));
        }
        return new HopImpl(f.address(), f.port(), f.transport().toUpperCase(Locale.ROOT));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ListIterator getNextHops(Request request) {
        return null;
    }

    @Override
    public Hop getOutboundProxy() {
        return null;
    }
}
