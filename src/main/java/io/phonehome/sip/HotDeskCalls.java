package io.phonehome.sip;

import io.phonehome.hotdesk.HotDesks;
import io.phonehome.inventory.Line;
import io.phonehome.sip.location.Flow;
import java.text.ParseException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Hot desking at the SIP edge: the login and logout codes dialled from a phone, and the restricted
 * identity of a hot desk without a user (which may call the login code, the login number that
 * {@link io.phonehome.hotdesk.HotDeskLogin} answers, and emergency numbers). Asked by the call router about every authenticated
 * INVITE before it looks for the callee.
 *
 * <p>The codes are answered by Phonehome itself with a final response whose reason phrase (and a
 * {@code Warning: 399}) says the outcome, which is what a phone shows for a call that did not go
 * through; no dialog is set up. A code is answered on a server transaction so that a retransmitted
 * INVITE is absorbed by it and a wrong PIN is counted once.
 */
final class HotDeskCalls {
    /** Asks nothing and lets every call through (a SIP edge built without hot desking). */
    static final HotDeskCalls NONE = new HotDeskCalls(null, null, null, null);

    /** After the login code: {@code *<extension>*<pin>}, optionally ended by the phone's {@code #}. */
    private static final Pattern LOGIN_REST = Pattern.compile("\\*([0-9]{1,16})\\*([0-9]{1,12})(?:#|%23)?");

    private final HotDesks desks;
    private final SipProvider provider;
    private final HeaderFactory headers;
    private final Replies replies;

    HotDeskCalls(HotDesks desks, SipProvider provider, HeaderFactory headers, Replies replies) {
        this.desks = desks;
        this.provider = provider;
        this.headers = headers;
        this.replies = replies;
    }

    /**
     * Answers the INVITE when it is a hot-desk code or a call the caller's identity may not make.
     *
     * @return true when it was answered here (the router does nothing more with it)
     */
    boolean answered(RequestEvent event, Line caller, String dialled, Flow source) {
        if (desks == null || dialled == null) {
            return false;
        }
        String login = desks.rules().loginCode();
        String logout = desks.rules().logoutCode();
        if (dialled.equals(logout) || dialled.equals(logout + "#") || dialled.equals(logout + "%23")) {
            answer(event, () -> {
                HotDesks.Outcome o = desks.logout(caller, source.hostPort());
                return new Answer(o == HotDesks.Outcome.NOT_A_DESK ? 403 : 603, text(o, null));
            });
            return true;
        }
        if (dialled.startsWith(login)) {
            Matcher m = LOGIN_REST.matcher(dialled.substring(login.length()));
            if (!m.matches()) {
                answer(event, () -> new Answer(484, "Hot desk: dial " + login + "*extension*PIN"));
                return true;
            }
            answer(event, () -> {
                HotDesks.Outcome o = desks.login(caller, m.group(1), m.group(2), source.hostPort());
                return new Answer(o == HotDesks.Outcome.LOGGED_IN ? 603 : 403, text(o, m.group(1)));
            });
            return true;
        }
        if (desks.isRestricted(caller) && !desks.isEmergency(dialled) && !desks.isLoginNumber(caller, dialled)) {
            replies.send(event.getRequest(), withWarning(replies.create(event.getRequest(), 403, "Hot desk: log in first"),
                    "this desk may call only " + login + " and emergency numbers"));
            return true;
        }
        return false;
    }

    private static String text(HotDesks.Outcome o, String extension) {
        return switch (o) {
            case LOGGED_IN -> "Hot desk: logged in as " + extension;
            case LOGGED_OUT -> "Hot desk: logged out";
            case NOT_LOGGED_IN -> "Hot desk: nobody is logged in here";
            case WRONG_PIN -> "Hot desk: wrong extension or PIN";
            case LOCKED -> "Hot desk: locked after wrong PINs, try later";
            case NOT_A_DESK -> "Hot desk: this phone is not a hot desk";
        };
    }

    private record Answer(int status, String reason) {
    }

    /** Takes the transaction first, so that a retransmission arriving meanwhile is absorbed and the code acted on once. */
    private void answer(RequestEvent event, Supplier<Answer> outcome) {
        Request request = event.getRequest();
        ServerTransaction tx;
        try {
            tx = event.getServerTransaction() != null ? event.getServerTransaction() : provider.getNewServerTransaction(request);
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission that raced the first copy: the transaction answers it
        } catch (TransactionUnavailableException e) {
            replies.reply(request, SipOutcome.SERVER_ERROR);
            return;
        }
        Answer a = outcome.get();
        replies.send(tx, withWarning(replies.create(request, a.status(), a.reason()), a.reason()));
    }

    private Response withWarning(Response r, String text) {
        try {
            r.addHeader(headers.createWarningHeader("phonehome", 399, text));
        } catch (ParseException | InvalidArgumentException e) {
            // the reason phrase says it already
        }
        return r;
    }
}
