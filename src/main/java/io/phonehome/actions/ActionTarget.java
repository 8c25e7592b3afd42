package io.phonehome.actions;

import io.phonehome.inventory.Mac;

/** One device an action is sent to; the site is carried for the event it produces. */
public record ActionTarget(Mac mac, Long siteId) {
}
