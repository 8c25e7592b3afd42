package io.phonehome.phones;

/**
 * Where a vendor's firmware images sit below {@code firmware/<vendor>/}, in the catalog and in the
 * download URL.
 *
 * @param versionDirectory true when each version needs a directory of its own, because the phones
 *                         ask for the image by a name that does not change between versions (the
 *                         catalog then keeps {@code <vendor>/<version>/<file>}, and an upload must
 *                         say its version)
 * @param example          the layout as an operator would write it, for error messages
 */
public record ImageLayout(boolean versionDirectory, String example) {
    /** Every image directly in the vendor's directory, its name saying what it is. */
    public static ImageLayout flat(String vendor) {
        return new ImageLayout(false, vendor + "/<file>");
    }
}
