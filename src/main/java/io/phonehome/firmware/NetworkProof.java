package io.phonehome.firmware;

import io.phonehome.inventory.Device;
import java.net.InetAddress;

/**
 * Whether a request from {@code source} proves itself as {@code device} by its network: the
 * phone listener's authorisation rule for "trusted networks", asked of the provisioning
 * resolver so a firmware download and a configuration fetch are judged by the same rule.
 */
@FunctionalInterface
public interface NetworkProof {
    boolean fromTrustedNetwork(Device device, InetAddress source);
}
