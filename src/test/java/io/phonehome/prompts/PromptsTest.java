package io.phonehome.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.media.Clip;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptsTest {
    private final Prompts prompts = Prompts.shipped();

    @Test
    void everyPhraseIsSpokenInEachOfTheFourLanguagesAndIsNotSilence() {
        assertThat(prompts.keys()).contains("vm_main_menu", "hd_enter_extension", "cm_press_1", "your_extension_is");
        for (String lang : Prompts.LANGUAGES) {
            for (String key : prompts.keys()) {
                Clip c = prompts.say(lang, key);
                assertThat(c.durationMillis()).as(lang + "/" + key).isBetween(200L, 20_000L);
                short[] pcm = c.pcm16k();
                long loud = 0;
                for (short s : pcm) {
                    if (Math.abs(s) > 1000) {
                        loud++;
                    }
                }
                assertThat(loud).as(lang + "/" + key + " has speech in it").isGreaterThan(pcm.length / 20);
            }
        }
    }

    @Test
    void eachLanguageSaysItsOwnWordsNotAnothersCopy() {
        // the same phrase in four languages: four different recordings
        List<Long> lengths = Prompts.LANGUAGES.stream().map(l -> prompts.say(l, "vm_main_menu").durationMillis()).distinct().toList();
        assertThat(lengths).hasSize(4);
    }

    @Test
    void numbersUpToAHundredAreOneWordLargerOnesAreReadDigitByDigit() {
        assertThat(prompts.number("fr", 95)).hasSize(1);
        assertThat(prompts.number("de", 100)).hasSize(1);
        assertThat(prompts.number("it", 204)).hasSize(6); // "2", pause, "0", pause, "4", pause
        assertThat(prompts.digits("en", "2*04#")).hasSize(6);
    }

    @Test
    void aSiteLanguageWithARegionOrWithoutPromptsPicksTheRightOnes() {
        assertThat(Prompts.languageOf("fr-CH")).isEqualTo("fr");
        assertThat(Prompts.languageOf("DE_ch")).isEqualTo("de");
        assertThat(Prompts.languageOf("rm")).isEqualTo("en");
        assertThat(Prompts.languageOf(null)).isEqualTo("en");
        assertThat(prompts.say("fr-CH", "goodbye")).isSameAs(prompts.say("fr", "goodbye"));
    }

    @Test
    void aPhraseThatDoesNotExistIsAMistakeNotSilence() {
        assertThatThrownBy(() -> prompts.say("en", "no_such_prompt")).isInstanceOf(IllegalArgumentException.class);
    }
}
