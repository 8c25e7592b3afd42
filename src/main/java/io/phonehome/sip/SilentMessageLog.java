package io.phonehome.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;

/**
 * jain-sip's per-message trace log, switched off: messages carry digest credentials and a
 * registrar sees tens of thousands a second. Instantiated by jain-sip by class name (SERVER_LOGGER).
 */
public final class SilentMessageLog implements ServerLogger {
    public SilentMessageLog() {
        // jain-sip creates it reflectively
    }

    @Override
    public void closeLogFile() {
        // nothing open
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        // see class comment
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        // see class comment
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        // see class comment
    }

    @Override
    public void logException(Exception ex) {
        // reported through JainSipLogger
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to configure
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // not needed
    }
}
