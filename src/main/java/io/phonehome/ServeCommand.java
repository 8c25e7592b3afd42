package io.phonehome;

import io.phonehome.cli.ExitCodes;
import io.phonehome.config.Settings;
import io.phonehome.config.SettingsLoader;
import io.phonehome.events.MainLogFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code phonehome serve [--setting=value ...]}: runs the server until SIGTERM/SIGINT. It sits
 * beside {@link PhonehomeServer}, not with the other commands in {@code cli}: those are clients of
 * the admin API and must not reach the composition root that {@link Main} builds them into.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the server. Every setting can be given as --name=value (see 'phonehome settings'),",
                "as PHONEHOME_<NAME> in the environment, or in <data_dir>/phonehome.properties; a flag beats",
                "the environment, which beats the file."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Unmatched
    List<String> flags = new ArrayList<>();

    @Override
    public Integer call() {
        Settings settings = SettingsLoader.fromSystem().load(flags);
        MainLogFile.writeTo(settings.dataDir().resolve("logs").resolve("phonehome.log"), PhonehomeServer.logRetention(settings));
        log.info("starting with {}", settings.describe());
        PhonehomeServer server;
        try {
            server = PhonehomeServer.start(settings);
        } catch (RuntimeException e) {
            // a start that failed gives the log file back: a JVM that goes on (a test's) must not keep writing to it
            MainLogFile.stopWriting();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }
}
