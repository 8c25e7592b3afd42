package io.phonehome.sip;

import javax.sip.ResponseEvent;

/**
 * The application data of a client transaction whose sender wants its outcome (a REFER sent to
 * hand a caller over, an INVITE Phonehome places itself): the dispatcher hands it the transaction's
 * responses and its timeout instead of treating them as a proxied call's.
 */
interface AwaitsResponse {
    void response(ResponseEvent event);

    /**
     * The transaction timed out or ended: without a final response before, none will come (timeout,
     * transport failure); after one, this is only the transaction's normal end and is ignored.
     */
    void timeout();
}
