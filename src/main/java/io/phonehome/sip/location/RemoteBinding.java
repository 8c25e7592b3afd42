package io.phonehome.sip.location;

/**
 * A binding whose flow another node holds (read from the database, never held in this node's
 * memory): a request for it goes to that node, which sends it down the flow.
 *
 * @param node the node whose SIP listener the phone registered on
 */
public record RemoteBinding(String node, ContactBinding binding) {
}
