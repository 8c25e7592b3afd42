package io.phonehome.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavRecordingTest {
    @TempDir
    Path dir;

    @Test
    void finishedRecordingIsAWavThatReadsBackTheSamplesUnderItsFinalName() throws Exception {
        Path target = dir.resolve("voicemail/201/1.wav");
        short[] pcm = {0, 1000, -1000, 32767, -32768, 12};
        try (WavRecording r = WavRecording.start(target, 8000)) {
            assertFalse(Files.exists(target), "nothing under the final name while recording");
            r.append(pcm);
            assertEquals(target, r.finish());
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(Files.readAllBytes(target)))) {
            AudioFormat f = in.getFormat();
            assertEquals(8000f, f.getSampleRate());
            assertEquals(16, f.getSampleSizeInBits());
            assertEquals(1, f.getChannels());
            assertFalse(f.isBigEndian());
            byte[] data = in.readAllBytes();
            short[] back = new short[data.length / 2];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(back);
            assertArrayEquals(pcm, back);
        }
        assertEquals(List.of(target), Files.list(target.getParent()).toList(), "no temporary file left beside the message");
    }

    @Test
    void stopsAtTheLengthLimitAndSaysItIsFull() throws Exception {
        Path target = dir.resolve("m.wav");
        try (WavRecording r = WavRecording.start(target, 100)) {
            r.append(new short[60]);
            assertFalse(r.full());
            r.append(new short[60]);
            assertTrue(r.full());
            r.append(new short[60]);
            assertEquals(100, r.samples());
            r.finish();
        }
        assertEquals(44 + 200, Files.size(target));
    }

    @Test
    void aRecordingNotFinishedLeavesNothingOnDisk() throws Exception {
        Path target = dir.resolve("m.wav");
        try (WavRecording r = WavRecording.start(target, 100)) {
            r.append(new short[50]);
        }
        assertEquals(0, Files.list(dir).count());
    }
}
