package io.phonehome.admin;

import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.hotdesk.HotDeskRepository;
import io.phonehome.hotdesk.HotDesks;
import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hot desking: a device's hot-desk view and flag ({@code /api/v1/devices/{mac}/hotdesk}), logging
 * a desk's user out, and a line's hot-desk PIN ({@code /api/v1/lines/{extension}/hotdesk-pin}),
 * which is written and removed but never read back.
 */
final class HotDeskRoutes {
    /** The body of the flag: {@code {"enabled": true}}. */
    record DeskFlag(Boolean enabled) {
    }

    /** The body of a PIN: {@code {"pin": "4711"}}. */
    record PinInput(String pin) {
    }

    record SeatView(String extension, Instant since) {
    }

    record EventView(Instant at, String outcome, String source, String detail) {
    }

    record DeskView(String mac, boolean hotDesk, SeatView loggedIn, List<EventView> recent) {
    }

    private final AdminContext ctx;
    private final HotDesks desks;

    HotDeskRoutes(AdminContext ctx, HotDesks desks) {
        this.ctx = ctx;
        this.desks = desks;
    }

    void register(Router r) {
        r.get("/api/v1/devices/{mac}/hotdesk", Role.VIEWER, Set.of(), this::view);
        r.put("/api/v1/devices/{mac}/hotdesk", Role.TECHNICIAN, this::setFlag);
        r.post("/api/v1/devices/{mac}/hotdesk/logout", Role.TECHNICIAN, Set.of(), this::logout);
        // the extension within a customer: ?customer= when several have it (LinesByExtension)
        r.add("PUT", "/api/v1/lines/{extension}/hotdesk-pin", Role.TECHNICIAN, LinesByExtension.QUERY, this::setPin);
        r.add("DELETE", "/api/v1/lines/{extension}/hotdesk-pin", Role.TECHNICIAN, LinesByExtension.QUERY, this::clearPin);
    }

    private HotDesks desks() {
        if (desks == null) {
            throw HttpStatusException.notFound("hot desking is not part of this server");
        }
        return desks;
    }

    private DeskView view(Mac mac) {
        Device d = ctx.inventory().devices().findByMac(mac).orElseThrow(() -> new NotFoundException("no device " + mac.colons()));
        SeatView seat = desks().seatAt(d.id()).map((HotDeskRepository.Seat s) -> new SeatView(s.extension(), s.since())).orElse(null);
        List<EventView> recent = ctx.events().query(new EventQuery(mac.hex(), null, EventTypes.HOTDESK, null, null, null, 20)).stream()
                .map(e -> new EventView(e.at(), e.outcome(), e.source(), e.detail())).toList();
        return new DeskView(mac.colons(), desks().isDesk(d.id()), seat, recent);
    }

    private void view(Call c) {
        c.ok(view(c.mac("mac")));
    }

    private void setFlag(Call c) {
        Mac mac = c.mac("mac");
        DeskFlag in = c.body(DeskFlag.class);
        if (in.enabled() == null) {
            throw Errors.validation(List.of(io.phonehome.inventory.FieldError.of("enabled", "must be true or false")));
        }
        DeskView before = view(mac);
        desks().setDesk(mac, in.enabled());
        DeskView after = view(mac);
        ctx.audit().record(c.actor(), "device.hotdesk", "device " + mac.colons(), Map.of("hot_desk", before.hotDesk()),
                Map.of("hot_desk", after.hotDesk()));
        c.ok(after);
    }

    private void logout(Call c) {
        Mac mac = c.mac("mac");
        view(mac); // 404 for an unknown device before anything happens
        boolean freed = desks().logoutByAdmin(mac, "admin " + c.actor().name());
        if (freed) {
            ctx.audit().record(c.actor(), "device.hotdesk_logout", "device " + mac.colons(), null, null);
        }
        c.ok(view(mac));
    }

    private void setPin(Call c) {
        HotDesks desks = desks();
        io.phonehome.inventory.Line line = LinesByExtension.find(ctx, c);
        String extension = line.extension();
        PinInput in = c.body(PinInput.class);
        desks.setPin(line, in.pin());
        // The audit says that a PIN was set, never the PIN.
        ctx.audit().record(c.actor(), "line.hotdesk_pin", "extension " + extension, null, Map.of("pin", "set"));
        c.noContent();
    }

    private void clearPin(Call c) {
        HotDesks desks = desks();
        io.phonehome.inventory.Line line = LinesByExtension.find(ctx, c);
        String extension = line.extension();
        if (!desks.clearPin(line)) {
            throw new NotFoundException("extension " + extension + " has no hot-desk PIN");
        }
        ctx.audit().record(c.actor(), "line.hotdesk_pin", "extension " + extension, Map.of("pin", "set"), null);
        c.noContent();
    }
}
