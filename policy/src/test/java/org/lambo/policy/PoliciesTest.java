package org.lambo.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.io.InputException;

class PoliciesTest {
    @Test
    void everyBuiltInPolicyIsRegistered() {
        assertThat(Policies.names()).contains("local", "greedy", "random", "nearest", "de", "mip", "exhaustive", "aed");
        assertThat(Policies.descriptions().values())
                .allSatisfy(d -> assertThat(d).isNotBlank());
    }

    /**
     * Whether a built-in policy keeps state from call to call is declared ({@link Stateless}), never inferred from its
     * name: a policy added without a row here fails, and {@code OffloadingPolicyContract} holds a declared one to it.
     */
    @Test
    void everyBuiltInPolicyDeclaresWhetherItKeepsState() {
        Map<String, Boolean> stateless = Map.of(
                "local", true,
                "greedy", true,
                "nearest", true,
                "de", true,
                "mip", true,
                "exhaustive", true,
                "are", true,
                "aed", true,
                "random", false,
                "droo", false);
        assertThat(stateless.keySet())
                .as("say whether each built-in policy is Stateless")
                .containsAll(Policies.names());
        for (String name : Policies.names()) {
            try (OffloadingPolicy p = Policies.create(name, PolicySettings.ofSeed(1))) {
                assertThat(p.capability(Stateless.class).isPresent()).as(name).isEqualTo(stateless.get(name));
            }
        }
        try (OffloadingPolicy sampling = Policies.create("aed", new PolicySettings(1, Map.of("aed.samples", "4")))) {
            assertThat(sampling.capability(Stateless.class))
                    .as("aed.samples=4 draws from a generator that advances from call to call")
                    .isEmpty();
        }
    }

    @Test
    void everyDeclaredOptionKeyCarriesItsPolicysName() {
        assertThat(Policies.names()).allSatisfy(name -> {
            var provider = java.util.ServiceLoader.load(PolicyProvider.class).stream()
                    .map(java.util.ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            assertThat(provider.optionKeys()).allSatisfy(k -> assertThat(k).startsWith(name + "."));
        });
    }

    @Test
    void aMistypedOptionIsAnErrorNamingTheKnownOnes() {
        PolicySettings typo = new PolicySettings(1, Map.of("de.generaitons", "5"));
        assertThatThrownBy(() -> Policies.create("de", typo))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("de.generaitons")
                .hasMessageContaining("de.generations");
    }

    @Test
    void aMistypedOptionOfADecoratorIsAnErrorNamingTheDecoratorsOptionsToo() {
        // greedy has no options of its own: what it takes is the regions' (a PolicyDecorator), and the error says so
        assertThatThrownBy(() -> Policies.checkOptions(List.of("greedy.region")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("greedy.region")
                .hasMessageContaining("its options: greedy.localSearch, greedy.regionThreads, greedy.regions");
        Policies.checkOptions(List.of("greedy.regions", "greedy.regionThreads"));
    }

    @Test
    void anOptionOfNoKnownPolicyIsAnError() {
        assertThatThrownBy(() -> Policies.checkOptions(List.of("dee.population")))
                .hasMessageContaining("dee.population")
                .hasMessageContaining("names no known policy");
        assertThatThrownBy(() -> Policies.checkOptions(List.of("population")))
                .hasMessageContaining("names no known policy");
    }

    @Test
    void optionsOfOtherPoliciesAreAllowedSoOneFlagSetServesABench() {
        PolicySettings s = new PolicySettings(1, Map.of("mip.timeLimitS", "5", "de.population", "12"));
        assertThat(Policies.create("greedy", s).name()).isEqualTo("greedy");
        assertThat(Policies.create("de", s).name()).isEqualTo("de");
    }

    @Test
    void anUnknownPolicyListsTheKnownOnes() {
        assertThatThrownBy(() -> Policies.create("oracle", PolicySettings.ofSeed(1)))
                .hasMessageContaining("'oracle'")
                .hasMessageContaining("mip");
    }
}
