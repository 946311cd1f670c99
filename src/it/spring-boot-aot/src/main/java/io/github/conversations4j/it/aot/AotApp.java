package io.github.conversations4j.it.aot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest application using the SDK: its auto-configuration only. process-aot processes it (see pom.xml). */
@SpringBootApplication
public class AotApp {
    public static void main(String[] args) {
        SpringApplication.run(AotApp.class, args);
    }
}
