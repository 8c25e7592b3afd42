package io.phonehome.phones;

import java.util.List;

/**
 * What a firmware image's file name (and the directories it is in) says about it, by its
 * vendor's naming.
 *
 * @param models  the models it is for, in the catalog's spelling (upper case); at least one
 * @param version the version, as the phone reports it once it runs the image
 * @param handset true for an image a DECT base sends over the air to its handsets, false for an
 *                image of the device that downloads it
 */
public record ImageName(List<String> models, String version, boolean handset) {
    public ImageName {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an image is for at least one model");
        }
    }
}
