package io.phonehome.ivr;

import io.phonehome.media.Caller;
import io.phonehome.media.ServiceDirectory;
import io.phonehome.settings.SettingRegistry;
import java.util.Optional;

/**
 * The numbers this package answers: a menu of the caller's site on the number dialled, or the
 * read-back number that applies to the caller's phone. Both answers come from memory unless the
 * dialled number is some scope's read-back number.
 */
final class IvrDirectory implements ServiceDirectory {
    private final Ivr ivr;

    IvrDirectory(Ivr ivr) {
        this.ivr = ivr;
    }

    @Override
    public Optional<Answer> answer(Caller caller, String dialled) {
        if (dialled == null) {
            return Optional.empty();
        }
        Optional<StoredMenu> menu = ivr.menu(caller.siteId(), dialled);
        if (menu.isPresent()) {
            return Optional.of(Answer.of(new MenuScript(menu.get().plan(), ivr.announcementStore(),
                    () -> ivr.effective(caller, SettingRegistry.VOICEMAIL_NUMBER))));
        }
        if (ivr.setAnywhere(SettingRegistry.READBACK_NUMBER, dialled)
                && ivr.effective(caller, SettingRegistry.READBACK_NUMBER).filter(dialled::equals).isPresent()) {
            return Optional.of(Answer.of(new ReadBackScript()));
        }
        return Optional.empty();
    }
}
