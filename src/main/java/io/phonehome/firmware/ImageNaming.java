package io.phonehome.firmware;

import io.phonehome.phones.ImageName;
import io.phonehome.phones.PhonePlugin;
import java.util.List;
import java.util.Optional;

/**
 * What a firmware file's name says about it, by its vendor's naming, which its phone plug-in
 * knows ({@link PhonePlugin#parseImageName}). Anything else needs a manifest beside the file
 * (see {@link ImageManifest}).
 */
public final class ImageNaming {
    /** What a name says. */
    public record Named(List<String> models, String version, ImageKind kind) {
        public Named {
            models = List.copyOf(models);
        }
    }

    private ImageNaming() {
    }

    /**
     * @param plugin      the plug-in of the vendor directory the file is in
     * @param directories the directories between the vendor directory and the file
     * @param fileName    the file's name
     */
    public static Optional<Named> parse(PhonePlugin plugin, List<String> directories, String fileName) {
        return plugin.parseImageName(List.copyOf(directories), fileName).map(ImageNaming::of);
    }

    private static Named of(ImageName n) {
        return new Named(n.models(), n.version(), n.handset() ? ImageKind.HANDSET : ImageKind.DEVICE);
    }
}
