package com.agentbounty.gateway.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module rules of DESIGN.md section 2, checked on the compiled classes of every module. */
class ModuleBoundariesTest {

    private static final String EVENTS = "com.agentbounty.events..";
    private static final String COMMAND = "com.agentbounty.command..";
    private static final String SAGAS = "com.agentbounty.sagas..";
    private static final String QUERY = "com.agentbounty.query..";
    private static final String SANDBOX = "com.agentbounty.sandbox..";
    private static final String GATEWAY = "com.agentbounty.gateway..";
    private static final String INFRASTRUCTURE = "com.agentbounty.infrastructure..";

    private static JavaClasses classes;

    @BeforeAll
    static void importAllModules() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.agentbounty");
    }

    @Test
    void eventsDependOnNothingOfOursAndNotOnSpring() {
        noClasses().that().resideInAPackage(EVENTS)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, SAGAS, QUERY, SANDBOX, GATEWAY, INFRASTRUCTURE, "org.springframework..")
                .check(classes);
    }

    @Test
    void commandSideSagasAndQuerySideNeverDependOnEachOther() {
        noClasses().that().resideInAPackage(COMMAND)
                .should().dependOnClassesThat().resideInAnyPackage(SAGAS, QUERY, SANDBOX, INFRASTRUCTURE)
                .check(classes);
        noClasses().that().resideInAPackage(SAGAS)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, SANDBOX, INFRASTRUCTURE)
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage(QUERY)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, SAGAS, SANDBOX, INFRASTRUCTURE)
                .check(classes);
    }

    @Test
    void nothingDependsOnTheGateway() {
        noClasses().that().resideOutsideOfPackage(GATEWAY)
                .should().dependOnClassesThat().resideInAPackage(GATEWAY)
                .check(classes);
    }

    @Test
    void infrastructureDependsOnNoDomainModule() {
        noClasses().that().resideInAPackage(INFRASTRUCTURE)
                .should().dependOnClassesThat().resideInAnyPackage(EVENTS, COMMAND, SAGAS, QUERY, SANDBOX, GATEWAY)
                .check(classes);
    }

    @Test
    void aggregatesKnowNoSpringAndDoNoIo() {
        noClasses().that().resideInAPackage(COMMAND)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "java.net..", "java.io..", "java.nio.file..")
                .check(classes);
    }
}
