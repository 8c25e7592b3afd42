package io.phonehome.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted form of a backup file (format 1), authenticated from its first byte to its last:
 *
 * <pre>
 *   "PHONEHOME-BACKUP/1\n"                          18 bytes, the magic
 *   salt                                            16 bytes, for PBKDF2
 *   iterations                                      4 bytes, big-endian (PBKDF2-HMAC-SHA256)
 *   nonce prefix                                    8 bytes, random per file
 *   key check                                       16 bytes, HMAC-SHA256(key, "phonehome-backup key check"), cut
 *   chunks: length (4 bytes, big-endian) + AES-256-GCM ciphertext with its 16-byte tag
 * </pre>
 *
 * Each chunk holds up to {@value #CHUNK} bytes of the plaintext (a zip archive). Chunk {@code i}
 * is encrypted with the nonce {@code prefix || i} (4 bytes, big-endian) and authenticates, as
 * additional data, the whole header and one byte saying whether it is the last chunk. So a byte
 * changed anywhere, chunks reordered, dropped or repeated, or a file cut after any chunk (whose
 * "last" byte is then 0) all fail to decrypt: {@link #decrypt} refuses the file. The key is
 * PBKDF2-HMAC-SHA256 of the operator's passphrase, {@value #ITERATIONS} iterations; the key check
 * tells a wrong passphrase from a damaged file without revealing anything of the key. JDK crypto only.
 */
final class BackupCipher {
    static final byte[] MAGIC = "PHONEHOME-BACKUP/1\n".getBytes(StandardCharsets.US_ASCII);
    static final int CHUNK = 1 << 20;
    static final int ITERATIONS = 600_000;
    private static final int HEADER = MAGIC.length + 16 + 4 + 8 + 16;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCipher() {
    }

    /** Why a file cannot be restored: not a backup, the wrong passphrase or a damaged file. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** An output stream that encrypts what is written to it into {@code out}, chunk by chunk. */
    static OutputStream encrypt(OutputStream out, char[] passphrase) throws IOException {
        byte[] salt = new byte[16];
        byte[] prefix = new byte[8];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(prefix);
        SecretKey key = key(passphrase, salt, ITERATIONS);
        byte[] header = ByteBuffer.allocate(HEADER).put(MAGIC).put(salt).putInt(ITERATIONS).put(prefix).put(keyCheck(key)).array();
        out.write(header);
        return new OutputStream() {
            private final byte[] buffer = new byte[CHUNK];
            private int filled;
            private int index;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (filled == CHUNK) {
                        flushChunk(false);
                    }
                    int n = Math.min(len, CHUNK - filled);
                    System.arraycopy(b, off, buffer, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                }
            }

            private void flushChunk(boolean last) throws IOException {
                byte[] sealed = seal(key, header, prefix, index++, last, Arrays.copyOf(buffer, filled));
                out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
                out.write(sealed);
                filled = 0;
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    flushChunk(true); // always a last chunk, even empty: its absence is a cut file
                    out.close();
                }
            }
        };
    }

    /**
     * Writes the plaintext of a backup into {@code sink}, chunk by chunk as each authenticates; it
     * returns only when every chunk, the last one included, did. On a refusal, what was written to
     * the sink so far must be thrown away (restore writes it to a staging file for that reason).
     */
    static void decrypt(InputStream file, char[] passphrase, OutputStream sink) throws IOException {
        DataInputStream in = new DataInputStream(file);
        byte[] header = new byte[HEADER];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            throw new Refused("not a Phonehome backup: the file is shorter than a backup's header");
        }
        if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new Refused("not a Phonehome backup (format 1): the file does not begin with " + new String(MAGIC, StandardCharsets.US_ASCII).trim());
        }
        ByteBuffer h = ByteBuffer.wrap(header, MAGIC.length, HEADER - MAGIC.length);
        byte[] salt = new byte[16];
        h.get(salt);
        int iterations = h.getInt();
        byte[] prefix = new byte[8];
        h.get(prefix);
        byte[] check = new byte[16];
        h.get(check);
        if (iterations < 100_000 || iterations > 10_000_000) {
            throw new Refused("the backup's header is damaged (key derivation with " + iterations + " iterations)");
        }
        SecretKey key = key(passphrase, salt, iterations);
        if (!java.security.MessageDigest.isEqual(check, keyCheck(key))) {
            throw new Refused("the passphrase is wrong (it does not open this backup)");
        }
        byte[] pending = readChunk(in);
        if (pending == null) {
            throw new Refused("the backup is cut short: it holds no data after its header");
        }
        int index = 0;
        while (true) {
            byte[] next = readChunk(in);
            boolean last = next == null;
            byte[] clear;
            try {
                clear = open(key, header, prefix, index, last, pending);
            } catch (AEADBadTagException e) {
                throw new Refused(last ? "the backup is cut short or damaged at its end (chunk " + index + ")"
                        : "the backup is damaged (chunk " + index + " does not authenticate)");
            }
            sink.write(clear);
            if (last) {
                return;
            }
            pending = next;
            index++;
        }
    }

    private static byte[] readChunk(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < TAG_BITS / 8 || length > CHUNK + TAG_BITS / 8) {
            throw new Refused("the backup is damaged (a chunk of " + length + " bytes)");
        }
        byte[] sealed = new byte[length];
        try {
            in.readFully(sealed);
        } catch (EOFException e) {
            throw new Refused("the backup is cut short in the middle of a chunk");
        }
        return sealed;
    }

    private static byte[] seal(SecretKey key, byte[] header, byte[] prefix, int index, boolean last, byte[] clear) throws IOException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, index)));
            c.updateAAD(header);
            c.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
            return c.doFinal(clear);
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    private static byte[] open(SecretKey key, byte[] header, byte[] prefix, int index, boolean last, byte[] sealed)
            throws IOException, AEADBadTagException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, index)));
            c.updateAAD(header);
            c.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
            return c.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    private static byte[] keyCheck(SecretKey key) throws IOException {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal("phonehome-backup key check".getBytes(StandardCharsets.US_ASCII)), 16);
        } catch (GeneralSecurityException e) {
            throw new IOException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    private static byte[] nonce(byte[] prefix, int index) {
        return ByteBuffer.allocate(12).put(prefix).putInt(index).array();
    }

    private static SecretKey key(char[] passphrase, byte[] salt, int iterations) throws IOException {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] raw = f.generateSecret(new PBEKeySpec(passphrase, salt, iterations, 256)).getEncoded();
            return new SecretKeySpec(raw, "AES");
        } catch (GeneralSecurityException e) {
            throw new IOException("PBKDF2 is not available: " + e.getMessage(), e);
        }
    }
}
