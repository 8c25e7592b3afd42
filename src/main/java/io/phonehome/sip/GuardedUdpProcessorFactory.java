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
import java.util.concurrent.LinkedBlockingQueue;

/**
 * jain-sip's NIO message processors, with one change for UDP: the queue between the thread that
 * reads the socket and the worker threads is bounded and refuses datagrams of blocked sources.
 * jain-sip's own queue is unbounded, so under a flood every datagram, a phone's REGISTER too,
 * waits behind all the garbage until the congestion timeout throws it away: nothing gets answered.
 * Bounded, the excess is dropped on arrival and what is queued is answered promptly; a blocked
 * scanner or garbage source costs one map lookup per datagram instead of a parse.
 * Instantiated by jain-sip by class name (MESSAGE_PROCESSOR_FACTORY).
 */
public final class GuardedUdpProcessorFactory implements MessageProcessorFactory {
    /** Datagrams waiting for a worker at most: about a tenth of a second of a busy registrar's work. */
    static final int UDP_QUEUE_DATAGRAMS = 2048;

    private final NioMessageProcessorFactory nio = new NioMessageProcessorFactory();

    public GuardedUdpProcessorFactory() {
        // jain-sip creates it reflectively
    }

    /** Refuses datagrams from blocked sources and beyond its capacity. */
    static final class GuardedQueue extends LinkedBlockingQueue<DatagramQueuedMessageDispatch> {
        private final transient SipGuard guard;

        GuardedQueue(int capacity, SipGuard guard) {
            super(capacity);
            this.guard = guard;
        }

        @Override
        public boolean offer(DatagramQueuedMessageDispatch d) {
            InetAddress source = d.packet == null ? null : d.packet.getAddress();
            if (source != null && guard.isBlocked(source.getHostAddress())) {
                return false;
            }
            return super.offer(d);
        }
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
                queue.set(udp, new GuardedQueue(UDP_QUEUE_DATAGRAMS, guard));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("cannot bound jain-sip's UDP queue (jain-sip version changed?): " + e, e);
            }
        }
        return p;
    }
}
