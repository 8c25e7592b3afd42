package io.phonehome.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;

/**
 * jain-sip's NIO message processors, with one change for UDP: the queue between the thread that
 * reads the socket and the worker threads is bounded, fair between source addresses and refuses
 * datagrams of blocked sources ({@link SourceFairQueue}). jain-sip's own queue is unbounded, so
 * under a flood every datagram, a phone's REGISTER too, waits behind all the garbage until the
 * congestion timeout throws it away: nothing gets answered. Bounded but first-come, a flood from
 * one address keeps it full and a phone's datagrams are dropped as often as they are retried.
 * Fair, a phone's REGISTER waits behind one datagram of each other source; a blocked scanner or
 * garbage source costs one map lookup per datagram instead of a parse.
 * Instantiated by jain-sip by class name (MESSAGE_PROCESSOR_FACTORY).
 */
public final class GuardedUdpProcessorFactory implements MessageProcessorFactory {
    /** Datagrams waiting for a worker at most: about a tenth of a second of a busy registrar's work. */
    static final int UDP_QUEUE_DATAGRAMS = 2048;
    /**
     * Of which one source address may hold all: a site behind one NAT address, or an SBC that
     * relays a whole fleet, sends every phone's REGISTER from one address, and a reboot storm
     * of 2,000 phones must fit as it did before the queue was fair. Fairness does not need a
     * smaller share: a datagram from another source pushes out the oldest of the longest line.
     */
    static final int UDP_QUEUE_PER_SOURCE = UDP_QUEUE_DATAGRAMS;

    private final NioMessageProcessorFactory nio = new NioMessageProcessorFactory();

    public GuardedUdpProcessorFactory() {
        // jain-sip creates it reflectively
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port, String transport)
            throws IOException {
        MessageProcessor p = nio.createMessageProcessor(stack, address, port, transport);
        if (p instanceof UDPMessageProcessor udp) {
            SipGuard guard = StackPlugins.of(((SipStackImpl) stack).getStackName()).guard();
            try {
                // the processor is built but not started: its threads will take from this queue
                Field queue = UDPMessageProcessor.class.getDeclaredField("messageQueue");
                queue.setAccessible(true);
                queue.set(udp, new SourceFairQueue<DatagramQueuedMessageDispatch>(UDP_QUEUE_DATAGRAMS, UDP_QUEUE_PER_SOURCE,
                        d -> d.packet == null ? null : d.packet.getAddress(),
                        source -> guard.isBlocked(((InetAddress) source).getHostAddress())));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("cannot bound jain-sip's UDP queue (jain-sip version changed?): " + e, e);
            }
        }
        return p;
    }
}
