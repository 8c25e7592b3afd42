package io.phonehome.provisioning;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.ModelSwap;

/**
 * Which model mismatches have been announced, so a swapped phone that fetches every few minutes
 * makes one {@code model_mismatch} event per change (of the reported or the inventory's model),
 * not one per fetch. Kept by device id (a MAC imported again is a new device) and bounded; after a
 * restart a mismatch still there is announced once more.
 */
final class ModelMismatches {
    private static final int MAX_DEVICES = 100_000;

    private final Cache<Long, String> announced = Caffeine.newBuilder().maximumSize(MAX_DEVICES).executor(Runnable::run).build();

    /** True the first time this device is seen with this mismatch; then false until it changes. */
    boolean isNew(Device device, ModelSwap.Judgement swap) {
        String pair = swap.inventoryModel() + "|" + swap.reportedModel();
        return !pair.equals(announced.asMap().put(device.id(), pair));
    }

    /** The device reports its inventory model again: a later mismatch is news. */
    void settled(Device device) {
        announced.invalidate(device.id());
    }
}
