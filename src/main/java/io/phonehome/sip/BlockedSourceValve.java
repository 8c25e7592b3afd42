package io.phonehome.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.net.InetAddress;
import javax.sip.SipStack;
import javax.sip.message.Response;

/**
 * Drops every request from a blocked address before jain-sip builds a transaction for it: a
 * scanner that was blocked gets silence and costs only the parse. Instantiated by jain-sip by
 * class name (SIP_MESSAGE_VALVE).
 */
public final class BlockedSourceValve implements SIPMessageValve {
    private SipGuard guard;

    public BlockedSourceValve() {
        // jain-sip creates it reflectively
    }

    @Override
    public void init(SipStack stack) {
        this.guard = StackPlugins.of(((SipStackImpl) stack).getStackName()).guard();
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        InetAddress source = request.getPeerPacketSourceAddress();
        return source == null || !guard.isBlocked(source.getHostAddress());
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        guard = null;
    }
}
