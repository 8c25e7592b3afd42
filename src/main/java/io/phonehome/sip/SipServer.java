package io.phonehome.sip;

import io.phonehome.errors.PhonehomeException;
import io.phonehome.actions.DeviceNotifier;
import io.phonehome.actions.MessageWaiting;
import io.phonehome.auth.DigestAlgorithm;
import io.phonehome.auth.NonceService;
import io.phonehome.auth.ProbeLimiter;
import io.phonehome.config.Setting;
import io.phonehome.config.Settings;
import io.phonehome.events.EventLog;
import io.phonehome.events.SecurityLog;
import io.phonehome.hotdesk.HotDesks;
import io.phonehome.inventory.Inventory;
import io.phonehome.media.MediaEngine;
import io.phonehome.media.RtpEndpoint;
import io.phonehome.metrics.Metrics;
import io.phonehome.pki.CertificateAuthority;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.sip.location.LocationService;
import io.phonehome.phones.VendorRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TooManyListenersException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phonehome's SIP core on jain-sip: one stack with UDP and TCP on {@code sip_port} and TLS on
 * {@code sip_tls_port} (certificate from Phonehome's CA), one provider, one listener. The only
 * place (with its package) where jain-sip is used. Built and started by the composition root;
 * {@link #close()} stops the stack and everything it owns.
 */
public final class SipServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipServer.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    private static final int PORT_ATTEMPTS = 25;

    private final String stackName;
    private final SipStack stack;
    private final LocalAddress local;
    private final SipReports reports;
    private final CheckSyncNotifier notifier;
    private final ScheduledExecutorService timers;
    private final MessageSummaries mailboxes;
    private final SubscriptionServer subscriptions;
    private final ServiceCalls services;
    /** Relays between the nodes on this database; set once by {@link #start}. */
    private NodeRelay relay;
    private java.util.concurrent.ExecutorService relayWork;
    /** Calls Phonehome places itself (commissioning); set once by {@link #start}. */
    private PlacedCalls placed;

    private SipServer(String stackName, SipStack stack, LocalAddress local, SipReports reports, CheckSyncNotifier notifier,
                      ScheduledExecutorService timers, MessageSummaries mailboxes, SubscriptionServer subscriptions, ServiceCalls services) {
        this.services = services;
        this.mailboxes = mailboxes;
        this.subscriptions = subscriptions;
        this.stackName = stackName;
        this.stack = stack;
        this.local = local;
        this.reports = reports;
        this.notifier = notifier;
        this.timers = timers;
    }

    /**
     * Binds the listeners and starts the stack. With {@code sip_port} / {@code sip_tls_port} 0
     * free ports are chosen (tests).
     */
    public static SipServer start(Settings settings, Inventory inventory, LocationService location, CertificateAuthority ca, EventLog events,
                                  SecurityLog security, VendorRegistry phones, LayeredSettings scoped, HotDesks hotDesks) {
        return start(settings, inventory, location, ca, events, security, phones, scoped, hotDesks, Metrics.NONE);
    }

    /** As above, telling {@code metrics} of every response sent and the time each request took. */
    public static SipServer start(Settings settings, Inventory inventory, LocationService location, CertificateAuthority ca, EventLog events,
                                  SecurityLog security, VendorRegistry phones, LayeredSettings scoped, HotDesks hotDesks, Metrics metrics) {
        String bind = settings.string(Setting.BIND);
        RuntimeException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int sipPort = settings.integer(Setting.SIP_PORT);
            int tlsPort = settings.integer(Setting.SIP_TLS_PORT);
            boolean pick = sipPort == 0 || tlsPort == 0;
            if (sipPort == 0) {
                sipPort = freePort(bind, true);
            }
            if (tlsPort == 0) {
                tlsPort = freePort(bind, false);
            }
            try {
                return start(settings, inventory, location, ca, events, security, phones, scoped, hotDesks, metrics, bind, sipPort, tlsPort);
            } catch (RuntimeException e) {
                last = e;
                if (!pick) {
                    break; // fixed ports: the operator's choice failed, say so
                }
                log.debug("SIP ports {}/{} taken meanwhile, trying others: {}", sipPort, tlsPort, e.getMessage());
            }
        }
        throw new SipStartException("cannot start the SIP core on " + bind + " ports " + settings.string(Setting.SIP_PORT) + "/"
                + settings.string(Setting.SIP_TLS_PORT) + ": " + (last == null ? "?" : last.getMessage()), last);
    }

    private static SipServer start(Settings settings, Inventory inventory, LocationService location, CertificateAuthority ca, EventLog events,
                                   SecurityLog security, VendorRegistry phones, LayeredSettings scoped, HotDesks hotDesks, Metrics metrics, String bind,
                                   int sipPort, int tlsPort) {
        String stackName = "phonehome-sip-" + STACKS.incrementAndGet();
        SipGuard guard = new SipGuard(new ProbeLimiter(settings.integer(Setting.SIP_BLOCK_AFTER_FAILURES),
                settings.integer(Setting.SIP_BLOCK_WINDOW_SECONDS) * 1000L, settings.integer(Setting.SIP_BLOCK_SECONDS) * 1000L,
                System::currentTimeMillis), security, settings.integer(Setting.SIP_BLOCK_SECONDS));
        StackPlugins.Entry plugins = new StackPlugins.Entry(guard, keyManagers(ca), trustManagers(ca),
                new java.util.concurrent.atomic.AtomicReference<>(), settings.bool(Setting.SIP_UDP_READER_REGISTERS));
        StackPlugins.register(stackName, plugins);
        SipStack stack = null;
        ScheduledExecutorService timers = null;
        SipReports reports = null;
        MediaEngine media = null;
        java.util.concurrent.ExecutorService relayWork = null;
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            stack = factory.createSipStack(stackProperties(settings, stackName));
            MessageFactory messages = factory.createMessageFactory();
            HeaderFactory headers = factory.createHeaderFactory();
            AddressFactory addresses = factory.createAddressFactory();

            ListeningPoint udp = stack.createListeningPoint(bind, sipPort, ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(bind, sipPort, ListeningPoint.TCP);
            ListeningPoint tls = stack.createListeningPoint(bind, tlsPort, ListeningPoint.TLS);
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            provider.addListeningPoint(tls);

            LocalAddress local = new LocalAddress(advertisedHost(settings), sipPort, tlsPort, localNames(bind), location.node());
            FlowRouter router = (FlowRouter) stack.getRouter();
            // the names that mean this installation's own SIP space once customers have domains (issue 17)
            Set<String> ownNames = new java.util.HashSet<>();
            ownNames.add(local.host().toLowerCase(java.util.Locale.ROOT));
            local.aliases().forEach(a -> ownNames.add(a.toLowerCase(java.util.Locale.ROOT)));
            ownNames.add(settings.string(Setting.SIP_REALM).toLowerCase(java.util.Locale.ROOT));
            LineDirectory lines = new LineDirectory(inventory.lines(), inventory.customers(), Set.copyOf(ownNames)::contains);
            lines.reload();
            // on PostgreSQL the key is the database's, so a challenge one node sent is answered on another (issue 16)
            NonceService nonces = new NonceService(settings.integer(Setting.SIP_NONCE_SECONDS) * 1000L, System::currentTimeMillis, 1 << 19,
                    location.sharedNonceKey());
            List<DigestAlgorithm> algorithms = settings.list(Setting.SIP_DIGEST_ALGORITHMS).stream()
                    .map(a -> DigestAlgorithm.parse(a).orElseThrow()).distinct().toList();
            DigestAuthenticator auth = new DigestAuthenticator(nonces, settings.string(Setting.SIP_REALM), algorithms, lines, headers);
            Replies replies = new Replies(provider, messages, metrics);
            reports = new SipReports(inventory.devices(), events, 50_000, phones);
            reports.start();
            SipReports r = reports;
            location.onExpiry(expired -> expired.forEach(r::expired));
            timers = Executors.newSingleThreadScheduledExecutor(t -> {
                Thread th = new Thread(t, "sip-timers");
                th.setDaemon(true);
                return th;
            });
            long reloadMillis = Math.max(1, settings.integer(Setting.SIP_LINE_CACHE_SECONDS)) * 1000L;
            timers.scheduleWithFixedDelay(() -> {
                try {
                    lines.reload();
                } catch (RuntimeException e) {
                    log.warn("cannot reload the lines for the SIP core (the held ones stay in use): {}", e.getMessage());
                }
            }, reloadMillis, reloadMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            // a customer's new SIP domain, or a site moved to another customer, takes effect at once
            // (issue 17), not at the next periodic reload: one reload on the timer thread per burst of writes
            java.util.concurrent.atomic.AtomicBoolean reloadQueued = new java.util.concurrent.atomic.AtomicBoolean();
            ScheduledExecutorService reloader = timers;
            inventory.jdbc().onCommittedWrite(table -> {
                if ((table == io.phonehome.store.Table.CUSTOMERS || table == io.phonehome.store.Table.SITES) && reloadQueued.compareAndSet(false, true)) {
                    try {
                        reloader.execute(() -> {
                            reloadQueued.set(false);
                            try {
                                lines.reload();
                            } catch (RuntimeException e) {
                                log.warn("cannot reload the lines for the SIP core (the held ones stay in use): {}", e.getMessage());
                            }
                        });
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        // the SIP core is stopping: nothing to reload for
                    }
                }
            });
            FlowToken tokens = new FlowToken(ca.serverKey().getEncoded());
            Registrar registrar = new Registrar(auth, lines, location, guard, reports, replies, headers, addresses);
            EventNotifier eventNotifier = new EventNotifier(provider, router, messages, headers, addresses, local);
            ScheduledExecutorService t = timers;
            MessageSummaries mailboxes = new MessageSummaries(lines, location, eventNotifier, task -> t.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("message lamp update failed: {}", e.toString(), e);
                }
            }));
            LineActivity activity = new LineActivity();
            SubscriptionServer subscriptions = new SubscriptionServer(auth, guard, replies, headers, lines, inventory.devices(), local, timers,
                    new SubscriptionTable(settings.integer(Setting.SIP_SUBSCRIPTIONS_PER_LINE), settings.integer(Setting.SIP_SUBSCRIPTIONS_MAX)),
                    eventNotifier, activity, mailboxes, new SubscriptionServer.Expiry(settings.integer(Setting.SIP_SUBSCRIBE_EXPIRES_MIN_SECONDS),
                    settings.integer(Setting.SIP_SUBSCRIBE_EXPIRES_MAX_SECONDS), settings.integer(Setting.SIP_SUBSCRIBE_EXPIRES_DEFAULT_SECONDS)));
            activity.onChange(subscriptions::dialogsChanged);
            mailboxes.onChange(subscriptions::mailboxChanged);
            registrar.onNewContact(subscriptions::contactAdded);
            timers.scheduleWithFixedDelay(() -> activity.sweep(System.currentTimeMillis()), 1, 1, java.util.concurrent.TimeUnit.MINUTES);
            media = new MediaEngine(InetAddress.getByName(bind), new RtpEndpoint.PortRange(settings.integer(Setting.RTP_PORT_MIN),
                    settings.integer(Setting.RTP_PORT_MAX)), settings.integer(Setting.MEDIA_CALLS_MAX), settings.integer(Setting.MEDIA_SILENCE_SECONDS) * 1000L);
            ServiceCalls services = new ServiceCalls(provider, router, messages, headers, addresses, replies, local, timers, media,
                    settings.string(Setting.SIP_ECHO_NUMBER), new ScopedEchoNumbers(scoped, inventory));
            // requests for phones other nodes hold, and other nodes' relays for the phones here (issue 16)
            relayWork = Executors.newCachedThreadPool(th -> {
                Thread thread = new Thread(th, "sip-node-relay");
                thread.setDaemon(true);
                return thread;
            });
            NodeRelay relay = new NodeRelay(location, headers, replies, guard, relayWork, location.node());
            CallRouter calls = new CallRouter(provider, router, headers, addresses, replies, auth, lines, location, guard, tokens, local, timers,
                    settings.integer(Setting.SIP_RING_TIMEOUT_SECONDS) * 1000L, activity, services,
                    new PickupRule(activity, lines, inventory.devices()));
            calls.relay(relay);
            if (hotDesks != null) {
                calls.hotDesk(new HotDeskCalls(hotDesks, provider, headers, replies));
                registrar.attributeLinesBy(hotDesks::deviceOf);
            }
            CheckSyncNotifier notifier = new CheckSyncNotifier(provider, router, messages, headers, addresses, inventory.devices(), lines, location,
                    events, local, settings.integer(Setting.SIP_NOTIFY_TIMEOUT_SECONDS) * 1000L, phones, relay);
            SipDispatcher dispatcher = new SipDispatcher(registrar, calls, notifier, subscriptions, eventNotifier, replies, metrics);
            dispatcher.relay(relay);
            // lamps across nodes (issue 16): this node's call and message-count changes go to the other live nodes,
            // theirs come back merged into this node's subscriptions and unsolicited message lamps
            NodeLamps lamps = new NodeLamps(relay, provider, router, messages, headers, addresses, local, relayWork);
            lamps.deliverTo(subscriptions::dialogsChangedElsewhere, mailboxes);
            subscriptions.dialogsElsewhere(lamps::elsewhere);
            mailboxes.publishTo(lamps::localMailbox);
            activity.onChange(snapshot -> {
                subscriptions.dialogsChanged(snapshot);
                lamps.localDialogs(snapshot);
            });
            dispatcher.lamps(lamps);
            PlacedCalls placed = new PlacedCalls(provider, router, messages, headers, addresses, replies, local, timers, media, location, lines);
            dispatcher.placedCalls(placed);
            provider.addSipListener(dispatcher);
            plugins.dispatcher().set(dispatcher);
            stack.start();
            log.info("Phonehome SIP listening on {} udp+tcp {} and tls {} as {}", bind, sipPort, tlsPort, local.host());
            SipServer server = new SipServer(stackName, stack, local, reports, notifier, timers, mailboxes, subscriptions, services);
            server.placed = placed;
            server.relay = relay;
            server.relayWork = relayWork;
            return server;
        } catch (javax.sip.InvalidArgumentException | TooManyListenersException | javax.sip.SipException | IOException | RuntimeException e) {
            if (media != null) {
                media.close();
            }
            if (relayWork != null) {
                relayWork.shutdownNow();
            }
            if (stack != null) {
                stack.stop();
            }
            if (timers != null) {
                timers.shutdownNow();
            }
            if (reports != null) {
                reports.close();
            }
            StackPlugins.remove(stackName);
            throw new SipStartException(e.getMessage(), e);
        }
    }

    static Properties stackProperties(Settings s, String stackName) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        // Phonehome is a proxy and registrar: no dialog layer, every dialog error is ours to judge
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.AUTOMATIC_DIALOG_ERROR_HANDLING", "false");
        p.setProperty("javax.sip.ROUTER_PATH", FlowRouter.class.getName());
        p.setProperty("javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SilentMessageLog.class.getName());
        p.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", TlsKeyProvider.class.getName());
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", s.list(Setting.TLS_PROTOCOLS)));
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
        // jain-sip's own default suites are RSA-only relics (and anonymous DH); use the JVM's defaults,
        // which fit an EC or RSA certificate and TLS 1.3
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", defaultCipherSuites()));
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", RequestValve.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", StrictMessageParser.Factory.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", GuardedUdpProcessorFactory.class.getName());
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", s.string(Setting.SIP_WORKER_THREADS));
        // TCP and TLS: jain-sip's NIO framer hands each message to its per-Call-ID worker pool
        // (THREAD_POOL_SIZE threads); TCP_POST_PARSING_THREAD_POOL_SIZE only concerns its older
        // blocking transport and is not set
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", s.string(Setting.SIP_MAX_MESSAGE_BYTES));
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", s.string(Setting.SIP_MAX_CONNECTIONS));
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", "4194304");
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", "4194304");
        // answers go to the packet's source port even when the Via names another (NAT, RFC 3581)
        p.setProperty("gov.nist.javax.sip.ALWAYS_ADD_RPORT", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        // a UDP datagram waiting longer than this in the queue is dropped: its sender has retransmitted already
        // (the bounded queue of GuardedUdpProcessorFactory keeps the wait far shorter anyway)
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "4000");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "10000");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        return p;
    }

    private static String[] defaultCipherSuites() {
        try {
            return javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();
        } catch (GeneralSecurityException e) {
            throw new SipStartException("no default TLS context in this Java runtime: " + e.getMessage(), e);
        }
    }

    /** The key manager the HTTPS listeners share: an operator certificate reloaded there is presented here too. */
    private static KeyManager[] keyManagers(CertificateAuthority ca) {
        return ca.serverKeys().asKeyManagers();
    }

    private static TrustManager[] trustManagers(CertificateAuthority ca) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("phonehome-ca", ca.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new SipStartException("cannot build the SIP trust store: " + e.getMessage(), e);
        }
    }

    /** A port that is free for UDP and TCP (or TCP alone) right now; the caller retries on a race. */
    private static int freePort(String bind, boolean udpToo) {
        for (int i = 0; i < 100; i++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
                if (udpToo) {
                    try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bind), port))) {
                        return port;
                    }
                }
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new SipStartException("no free port found for SIP on " + bind, null);
    }

    /** public_host, else the bind address, else the first non-loopback IPv4 address, else 127.0.0.1. */
    static String advertisedHost(Settings s) {
        if (!s.string(Setting.PUBLIC_HOST).isEmpty()) {
            return s.string(Setting.PUBLIC_HOST);
        }
        String bind = s.string(Setting.BIND);
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.isEmpty()) {
            return bind;
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }

    private static Set<String> localNames(String bind) {
        Set<String> names = new HashSet<>();
        names.add(bind.toLowerCase(Locale.ROOT));
        names.add("127.0.0.1");
        names.add("localhost");
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    String h = a.getHostAddress();
                    int scope = h.indexOf('%');
                    names.add((scope >= 0 ? h.substring(0, scope) : h).toLowerCase(Locale.ROOT));
                }
            }
        } catch (SocketException e) {
            // only the bind address then
        }
        return Set.copyOf(names);
    }

    /** UDP and TCP port actually bound. */
    public int port() {
        return local.sipPort();
    }

    public int tlsPort() {
        return local.tlsPort();
    }

    /** The host Phonehome names itself with in SIP. */
    public String advertisedHost() {
        return local.host();
    }

    /**
     * Joins the nodes on this database: requests for phones whose flows live on another live node
     * are relayed to it, and relays signed by the nodes' shared secret are accepted ({@link NodeRelay}).
     */
    public void joinCluster(io.phonehome.cluster.ClusterPeers peers) {
        relay.join(peers);
    }

    /** Remote actions (NOTIFY check-sync) for the admin API and campaigns. */
    public DeviceNotifier notifier() {
        return notifier;
    }

    /**
     * The lines' mailboxes, kept under {@code root} and in {@code repository}, whose lamps this
     * server lights; their calls are added with {@link #answerWith} and {@link #forwardToMailboxes}.
     */
    public io.phonehome.voicemail.Mailboxes mailboxes(io.phonehome.voicemail.VoicemailRepository repository, java.nio.file.Path root,
                                                      int maxMessages) {
        return new io.phonehome.voicemail.Mailboxes(repository, root, maxMessages, messageWaiting());
    }

    /** Busy and unanswered calls go to the callee's mailbox as the line's forwarding rules say. */
    public void forwardToMailboxes(io.phonehome.voicemail.VoicemailCalls voicemail) {
        services.forwardWith(voicemail);
    }

    /**
     * Lets a kind of service number (IVR menus, mailboxes, hot-desk login...) answer calls: asked,
     * in the order added, for every INVITE a provisioned line sends that is not the echo test.
     */
    public void answerWith(io.phonehome.media.ServiceDirectory directory) {
        services.add(directory);
    }

    public MessageWaiting messageWaiting() {
        return mailboxes;
    }

    /** Event subscriptions held now (busy and message lamps). */
    public int subscriptions() {
        return subscriptions.size();
    }

    /** Waits until registration events and firmware reports queued so far are handled (tests). */
    public void flushReports(long timeoutMillis) {
        reports.flush(timeoutMillis);
    }

    @Override
    public void close() {
        try {
            stack.stop();
        } catch (RuntimeException e) {
            log.warn("stopping the SIP stack: {}", e.getMessage());
        }
        if (relayWork != null) {
            relayWork.shutdownNow();
        }
        timers.shutdownNow();
        placed.close();
        services.close();
        reports.close();
        StackPlugins.remove(stackName);
    }

    /** Places calls to lines itself (commissioning runs): every registered contact rings, the first answer runs the script. */
    public io.phonehome.commissioning.CallPlacer callPlacer() {
        return placed;
    }

    /** Calls Phonehome placed itself and that are not over yet. */
    public int placedCalls() {
        return placed.active();
    }

    /** Calls Phonehome is answering itself right now (service numbers). */
    public int serviceCalls() {
        return services.active();
    }

    /** The media engine of the calls Phonehome answers itself (its counters: what a flood left behind). */
    public MediaEngine media() {
        return services.engine();
    }

    /** The SIP core could not start (ports taken, bad key material...); the message says which. */
    public static final class SipStartException extends PhonehomeException {
        public SipStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
