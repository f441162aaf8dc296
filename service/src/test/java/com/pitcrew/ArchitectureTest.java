package com.pitcrew;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package structure: features depend on each other without cycles, and the application's root package wires
 * them all while nothing depends on it. Main classes only; tests may reach anywhere.
 */
@AnalyzeClasses(packages = "com.pitcrew", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule FEATURES_ARE_FREE_OF_CYCLES = slices().matching("com.pitcrew.(*)..").should()
            .beFreeOfCycles();

    @ArchTest
    static final ArchRule NOTHING_DEPENDS_ON_THE_ROOT = noClasses().that().resideOutsideOfPackage("com.pitcrew")
            .should().dependOnClassesThat().resideInAPackage("com.pitcrew");
}
