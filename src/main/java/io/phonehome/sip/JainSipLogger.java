package io.phonehome.sip;

import gov.nist.core.LogLevels;
import gov.nist.core.StackLogger;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jain-sip's internal logging, sent to SLF4J logger {@code io.phonehome.sip.stack} (WARN by
 * default). jain-sip reports every malformed packet as an error; a flood of garbage must not
 * become a flood of log lines, so at most {@value #LINES_PER_SECOND} lines a second get through
 * and the rest are counted. Instantiated by jain-sip by class name (STACK_LOGGER).
 */
public final class JainSipLogger implements StackLogger {
    private static final Logger log = LoggerFactory.getLogger("io.phonehome.sip.stack");
    private static final int LINES_PER_SECOND = 20;
    /** jain-sip puts whole receive buffers into some messages: a line is cut here. */
    private static final int MAX_LINE = 400;
    private static final AtomicLong second = new AtomicLong();
    private static final AtomicLong linesThisSecond = new AtomicLong();
    private static final AtomicLong suppressed = new AtomicLong();

    public JainSipLogger() {
        // jain-sip creates it reflectively
    }

    private static boolean admit() {
        long now = System.currentTimeMillis() / 1000;
        long s = second.get();
        if (s != now && second.compareAndSet(s, now)) {
            linesThisSecond.set(0);
            long dropped = suppressed.getAndSet(0);
            if (dropped > 0) {
                log.warn("{} jain-sip log line(s) suppressed in the last second(s)", dropped);
            }
        }
        if (linesThisSecond.incrementAndGet() <= LINES_PER_SECOND) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    @Override
    public void logStackTrace() {
        // stack traces of the stack's own call sites are noise for operators
    }

    @Override
    public void logStackTrace(int traceLevel) {
        // see logStackTrace()
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        if (log.isWarnEnabled() && admit()) {
            log.warn("jain-sip: {}", cut(String.valueOf(ex)));
        }
    }

    @Override
    public void logDebug(String message) {
        if (log.isDebugEnabled()) {
            log.debug(message);
        }
    }

    @Override
    public void logDebug(String message, Exception ex) {
        if (log.isDebugEnabled()) {
            log.debug(message, ex);
        }
    }

    @Override
    public void logTrace(String message) {
        if (log.isTraceEnabled()) {
            log.trace(message);
        }
    }

    @Override
    public void logFatalError(String message) {
        if (admit()) {
            log.error(cut(message));
        }
    }

    @Override
    public void logError(String message) {
        // jain-sip calls "error" what is a peer's malformed message: a warning for us
        if (log.isWarnEnabled() && admit()) {
            log.warn(cut(message));
        }
    }

    @Override
    public void logError(String message, Exception ex) {
        // a connection over sip_max_connections: ConnectionCap logged the limit once already
        if (ex instanceof ConnectionCap.Refused) {
            return;
        }
        if (log.isWarnEnabled() && admit()) {
            log.warn("{}: {}", cut(message), cut(String.valueOf(ex)));
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE) + "... (" + s.length() + " chars)";
    }

    @Override
    public boolean isLoggingEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (logLevel >= LogLevels.TRACE_DEBUG) {
            return logLevel >= LogLevels.TRACE_TRACE ? log.isTraceEnabled() : log.isDebugEnabled();
        }
        if (logLevel >= LogLevels.TRACE_WARN) {
            return log.isDebugEnabled();
        }
        return log.isWarnEnabled();
    }

    @Override
    public void logWarning(String message) {
        // jain-sip's warnings are about its own defaults ("using default tls security policy"): debug for us
        if (log.isDebugEnabled()) {
            log.debug(message);
        }
    }

    @Override
    public void logInfo(String message) {
        if (log.isDebugEnabled()) {
            log.debug(message);
        }
    }

    @Override
    public void disableLogging() {
        // levels come from logback
    }

    @Override
    public void enableLogging() {
        // levels come from logback
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        // not logged
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to configure
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }
}
