package io.phonehome.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.LinkedList;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jain-sip's NIO message processors, with its UDP processor changed in two ways:
 * <ul>
 *   <li>the queue between the thread that reads the socket and the worker threads is bounded,
 *       fair between source addresses and refuses datagrams of blocked sources
 *       ({@link SourceFairQueue}). jain-sip's own queue is unbounded, so under a flood every
 *       datagram, a phone's REGISTER too, waits behind all the garbage until the congestion timeout
 *       throws it away: nothing gets answered. Bounded but first-come, a flood from one address
 *       keeps it full and a phone's datagrams are dropped as often as they are retried. Fair, a
 *       phone's REGISTER waits behind one datagram of each other source; a blocked scanner or
 *       garbage source costs one map lookup per datagram instead of a parse;</li>
 *   <li>the reader receives into one buffer of {@code sip_max_message_bytes} and queues a copy of
 *       the datagram's own length. jain-sip's reader allocates a new buffer of the maximum size for
 *       every datagram (8 KiB by default for a REGISTER of 500 bytes): in a registration storm
 *       that was most of the SIP core's allocation, hence of its young collections;</li>
 *   <li>while it has the time ({@link ReaderDuty}), the reader handles a REGISTER itself instead of
 *       queueing it: one thread wake-up per datagram instead of two, as Kamailio's workers do.
 *       It runs jain-sip's own per-datagram code on a channel of its own, so a REGISTER is parsed,
 *       checked and answered exactly as on a worker (RFC 4475 behaviour, the request valve, the
 *       flood guard's block list).</li>
 * </ul>
 * Its TCP and TLS listeners are jain-sip's non-blocking ones with {@code sip_max_connections}
 * enforced ({@link ConnectionCap}): jain-sip reads that limit only in its blocking transports.
 * Everything else is jain-sip's: the same worker threads ({@code THREAD_POOL_SIZE}) take from the
 * queue, parse and dispatch, and the socket, its buffers and stop() are the stack's.
 * Instantiated by jain-sip by class name (MESSAGE_PROCESSOR_FACTORY).
 */
public final class GuardedUdpProcessorFactory implements MessageProcessorFactory {
    private static final Logger log = LoggerFactory.getLogger(GuardedUdpProcessorFactory.class);
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

    /** Shared by this stack's TCP and TLS listeners: sip_max_connections counts both. Set with the first of them. */
    private ConnectionCap connections;

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port, String transport)
            throws IOException {
        if (ListeningPoint.TCP.equalsIgnoreCase(transport) || ListeningPoint.TLS.equalsIgnoreCase(transport)) {
            ConnectionCap cap = connectionCap(stack);
            return ListeningPoint.TCP.equalsIgnoreCase(transport) ? new CappedTcpProcessor(address, stack, port, cap)
                    : new CappedTlsProcessor(address, stack, port, cap);
        }
        if (!ListeningPoint.UDP.equalsIgnoreCase(transport)) {
            return nio.createMessageProcessor(stack, address, port, transport);
        }
        StackPlugins.Entry plugins = StackPlugins.of(((SipStackImpl) stack).getStackName());
        try {
            // at least one worker: THREAD_POOL_SIZE comes from sip_worker_threads (1 or more)
            int workers = Math.max(1, field(SIPTransactionStack.class, "threadPoolSize").getInt(stack));
            GuardedUdpProcessor p = new GuardedUdpProcessor(address, stack, port, plugins.guard(), workers, plugins.registersOnReader());
            // what jain-sip's own factory does for UDP: responses go out through this processor's socket
            field(SIPTransactionStack.class, "udpFlag").setBoolean(stack, true);
            return p;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot set up jain-sip's UDP processor (jain-sip version changed?): " + e, e);
        }
    }

    private synchronized ConnectionCap connectionCap(SIPTransactionStack stack) throws IOException {
        if (connections == null) {
            try {
                // MAX_CONNECTIONS, from sip_max_connections
                connections = new ConnectionCap(field(SIPTransactionStack.class, "maxConnections").getInt(stack));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("cannot read jain-sip's connection limit (jain-sip version changed?): " + e, e);
            }
        }
        return connections;
    }

    /** jain-sip's non-blocking TCP listener, with {@link ConnectionCap} on what it accepts. */
    static final class CappedTcpProcessor extends NioTcpMessageProcessor {
        private final ConnectionCap cap;

        CappedTcpProcessor(InetAddress address, SIPTransactionStack stack, int port, ConnectionCap cap) {
            super(address, stack, port);
            this.cap = cap;
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client) throws IOException {
            cap.admit(client);
            return super.createMessageChannel(processor, client);
        }
    }

    /**
     * jain-sip's non-blocking TLS listener, with {@link ConnectionCap} on what it accepts (before any handshake work).
     * The same override as {@link CappedTcpProcessor}: jain-sip's TLS listener is a subclass of its TCP one, so
     * one class of ours cannot extend both.
     */
    static final class CappedTlsProcessor extends NioTlsMessageProcessor {
        private final ConnectionCap cap;

        CappedTlsProcessor(InetAddress address, SIPTransactionStack stack, int port, ConnectionCap cap) {
            super(address, stack, port);
            this.cap = cap;
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client) throws IOException {
            cap.admit(client);
            return super.createMessageChannel(processor, client);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** jain-sip's per-datagram code (parse, check, hand to the transaction layer), private in its worker class. */
    private static final Method HANDLE_DATAGRAM;

    static {
        try {
            HANDLE_DATAGRAM = UDPMessageChannel.class.getDeclaredMethod("processIncomingDataPacket", DatagramPacket.class);
            HANDLE_DATAGRAM.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("jain-sip's UDPMessageChannel changed: " + e);
        }
    }

    private static final byte[] REGISTER = "REGISTER ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The datagram starts with the REGISTER request line (the only requests the reader may handle itself). */
    static boolean isRegister(byte[] datagram, int length) {
        return length >= REGISTER.length && Arrays.equals(datagram, 0, REGISTER.length, REGISTER, 0, REGISTER.length);
    }

    /** jain-sip's UDP processor with the fair queue and a reader that queues right-sized copies. */
    static final class GuardedUdpProcessor extends UDPMessageProcessor {
        private final int workers;
        private final SipGuard guard;
        private final ReaderDuty duty;
        private int failures;
        private int handlingFailures;

        GuardedUdpProcessor(InetAddress address, SIPTransactionStack stack, int port, SipGuard guard, int workers,
                            boolean registersOnReader) throws IOException {
            super(address, stack, port);
            this.workers = workers;
            this.guard = guard;
            this.duty = new ReaderDuty(registersOnReader);
            // the processor is built but not started: its workers will take from this queue
            this.messageQueue = new SourceFairQueue<DatagramQueuedMessageDispatch>(UDP_QUEUE_DATAGRAMS, UDP_QUEUE_PER_SOURCE,
                    d -> d.packet == null ? null : d.packet.getAddress(),
                    source -> guard.isBlocked(((InetAddress) source).getHostAddress()));
        }

        /**
         * jain-sip's reader loop (start the workers, then receive and queue until stopped), except
         * that a datagram is received into one reused buffer and queued as a copy of its length.
         */
        @Override
        public void run() {
            LinkedList<UDPMessageChannel> channels = new LinkedList<>();
            for (int i = 0; i < workers; i++) {
                channels.add(new Worker(sipStack, this, ((SipStackImpl) sipStack).getStackName() + "-UDPMessageChannelThread-" + i));
            }
            this.messageChannels = channels;
            // jain-sip has a thread auditor only when THREAD_AUDIT_INTERVAL_IN_MILLISECS is set
            gov.nist.core.ThreadAuditor auditor = sipStack.getThreadAuditor();
            gov.nist.core.ThreadAuditor.ThreadHandle audit = auditor == null ? null : auditor.addCurrentThread();
            // the reader's own channel: no thread of its own, used only here (jain-sip keeps the
            // datagram's peer in the channel while it handles it, as each worker does in its own)
            UDPMessageChannel here = new ReaderChannel(sipStack, this);
            byte[] buffer = new byte[getMaximumMessageSize()];
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            while (isRunning) {
                try {
                    if (audit != null) {
                        audit.ping();
                    }
                    in.setLength(buffer.length);
                    long waiting = System.nanoTime();
                    sock.receive(in);
                    long now = System.nanoTime();
                    boolean wasHandling = duty.handling();
                    duty.received(now, now - waiting);
                    if (wasHandling != duty.handling() && log.isDebugEnabled()) {
                        log.debug("UDP reader on port {} {} REGISTERs ({} switches since the start)", getPort(),
                                duty.handling() ? "answers" : "queues", duty.switches());
                    }
                    if (isRegister(buffer, in.getLength()) && duty.handleHere(messageQueue.isEmpty())) {
                        if (!guard.isBlocked(in.getAddress().getHostAddress())) {
                            handle(here, in);
                            duty.handled(System.nanoTime() - now);
                        }
                        failures = 0;
                        continue;
                    }
                    byte[] datagram = Arrays.copyOf(buffer, in.getLength());
                    messageQueue.offer(new DatagramQueuedMessageDispatch(
                            new DatagramPacket(datagram, datagram.length, in.getAddress(), in.getPort()), System.currentTimeMillis()));
                    failures = 0;
                } catch (SocketTimeoutException e) {
                    // the thread auditor's socket timeout: ping and go on
                } catch (IOException | RuntimeException e) {
                    if (!isRunning) {
                        return;
                    }
                    // as jain-sip does: report the first few and keep receiving
                    if (++failures <= 10) {
                        log.warn("UDP receive failed on port {} (keeps receiving): {}", getPort(), e.toString());
                    }
                }
            }
        }

        /** What a worker does with a datagram it took from the queue (jain-sip copies the bytes first). */
        private void handle(UDPMessageChannel here, DatagramPacket datagram) {
            try {
                HANDLE_DATAGRAM.invoke(here, datagram);
            } catch (InvocationTargetException e) {
                // a worker logs and goes on too; a message that does not parse is answered inside
                if (++handlingFailures <= 10) {
                    log.warn("handling a REGISTER on the UDP reader failed (keeps receiving): {}", e.getCause().toString());
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The reader's channel: jain-sip's constructor for an outgoing channel, which starts no thread. */
    private static final class ReaderChannel extends UDPMessageChannel {
        ReaderChannel(SIPTransactionStack stack, UDPMessageProcessor processor) {
            super(processor.getIpAddress(), processor.getPort(), stack, processor);
        }
    }

    /** A jain-sip UDP worker thread (its constructor starts it): takes datagrams from the queue, parses and dispatches them. */
    private static final class Worker extends UDPMessageChannel {
        Worker(SIPTransactionStack stack, UDPMessageProcessor processor, String name) {
            super(stack, processor, name);
        }
    }
}
