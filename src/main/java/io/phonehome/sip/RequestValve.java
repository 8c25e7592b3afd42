package io.phonehome.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.net.InetAddress;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The first look at every parsed request, before jain-sip allocates anything for it:
 * <ul>
 *   <li>a request from a blocked address is dropped (a blocked scanner gets silence);</li>
 *   <li>a request whose User-Agent names a known scanner is dropped, logged and its source blocked,
 *       whatever its method: a scanner answered to OPTIONS has learnt that a SIP server is here;</li>
 *   <li>a request the parser refused ({@link RefusedRequest}) gets its fixed answer;</li>
 *   <li>a REGISTER goes straight to the registrar. Phonehome handles it without a transaction
 *       anyway, and skipping jain-sip's transaction lookup, pending-transaction bookkeeping,
 *       dialog filter and event dispatch is a good part of a REGISTER's cost in a storm.</li>
 *   <li>a SUBSCRIBE goes straight to the subscription server, for the same reasons: it is answered
 *       statelessly too, and its retransmission must reach it (to be answered again) instead of
 *       being swallowed by a transaction layer that holds no transaction for it.</li>
 * </ul>
 * Instantiated by jain-sip by class name (SIP_MESSAGE_VALVE).
 */
public final class RequestValve implements SIPMessageValve {
    private StackPlugins.Entry plugins;

    public RequestValve() {
        // jain-sip creates it reflectively
    }

    @Override
    public void init(SipStack stack) {
        this.plugins = StackPlugins.of(((SipStackImpl) stack).getStackName());
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        SipGuard guard = plugins.guard();
        InetAddress source = request.getPeerPacketSourceAddress();
        String address = source == null ? null : source.getHostAddress();
        if (address != null && guard.isBlocked(address)) {
            return false;
        }
        String userAgent = Registrar.userAgent(request);
        if (guard.isScanner(userAgent)) {
            guard.scanner(address == null ? "-" : address, request.getMethod(), userAgent);
            return false; // silence: a scanner learns nothing
        }
        SipDispatcher dispatcher = plugins.dispatcher().get();
        if (request instanceof RefusedRequest refused) {
            if (dispatcher != null) {
                dispatcher.refuse(refused);
            }
            return false;
        }
        if (dispatcher != null && Request.REGISTER.equals(request.getMethod())) {
            dispatcher.register(request, userAgent);
            return false;
        }
        if (dispatcher != null && Request.SUBSCRIBE.equals(request.getMethod())) {
            dispatcher.subscribe(request);
            return false;
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        plugins = null;
    }
}
