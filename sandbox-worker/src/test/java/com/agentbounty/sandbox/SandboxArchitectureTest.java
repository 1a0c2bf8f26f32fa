package com.agentbounty.sandbox;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The sandbox's shape: runtimes are adapters of one port and know nothing of each other. */
class SandboxArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.agentbounty.sandbox");

    @Test
    void theVerificationCoreDependsOnNoRuntime() {
        noClasses().that().resideInAPackage("..sandbox.verification..")
                .should().dependOnClassesThat().resideInAnyPackage("..sandbox.quickjs..", "..sandbox.wasm..",
                        "io.roastedroot..", "io.github.kawamuray..")
                .check(MAIN);
    }

    @Test
    void theRuntimesDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("..sandbox.quickjs..")
                .should().dependOnClassesThat().resideInAnyPackage("..sandbox.wasm..", "io.github.kawamuray..")
                .check(MAIN);
        noClasses().that().resideInAPackage("..sandbox.wasm..")
                .should().dependOnClassesThat().resideInAnyPackage("..sandbox.quickjs..", "io.roastedroot..", "run.endive..")
                .check(MAIN);
    }

    /** Spring, Kafka and Redis stay in the worker's assembly (jobs, the main class): the sandbox runs without them. */
    @Test
    void theSandboxCoreIsPlainJava() {
        noClasses().that().resideInAnyPackage("..sandbox.verification..", "..sandbox.quickjs..", "..sandbox.wasm..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "io.micrometer..", "..sandbox.jobs..")
                .check(MAIN);
    }
}
