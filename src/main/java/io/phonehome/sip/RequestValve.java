package io.phonehome.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.net.InetAddress;
import java.util.function.Consumer;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The first look at every parsed request, before jain-sip allocates anything for it:
 * <ul>
 *   <li>a request from a blocked address is dropped (a blocked scanner gets silence);</li>
 *   <li>a REGISTER goes straight to the registrar. Phonehome handles it without a transaction
 *       anyway, and skipping jain-sip's transaction lookup, pending-transaction bookkeeping,
 *       dialog filter and event dispatch is a good part of a REGISTER's cost in a storm.</li>
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
        InetAddress source = request.getPeerPacketSourceAddress();
        if (source != null && plugins.guard().isBlocked(source.getHostAddress())) {
            return false;
        }
        Consumer<Request> registrar = plugins.registrar().get();
        if (registrar != null && Request.REGISTER.equals(request.getMethod())) {
            registrar.accept(request);
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
